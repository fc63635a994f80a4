import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import type { AuthUser } from '@meridian/auth';
import { ConflictError, decodeCursor, ForbiddenError, InvalidTransitionError, NotFoundError, Page, toPage } from '@meridian/common';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher } from '@meridian/realtime';
import { Transaction, Transactions } from '@meridian/database';
import { MEMBERSHIP_STATES, MembershipRole } from './entities/working-group-membership.entity';
import { InviteMemberDto, ListMembersQuery, MemberDto, MembershipDto, UpdateMemberDto } from './dto/membership.dto';
import { assertCanModerate, assertContentVisible, assertNotArchived, canManageChairs, canModerate, GroupAccessFacts } from './group-permissions';
import { GroupThreadActivity } from './group-thread-activity';
import { toMemberDto, toMembershipDto } from './working-group.mapper';
import { GroupRow, MembershipRow, WorkingGroupsRepository } from './working-groups.repository';
import { WorkingGroupsService } from './working-groups.service';

const GONE_STATES = ['left', 'removed'];

/** Joining, leaving, invitations, approvals, role changes and removals (API.md "Membership rules"). */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly groups: WorkingGroupsRepository,
    private readonly workingGroups: WorkingGroupsService,
    private readonly activity: GroupThreadActivity,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * open → active; approval → pending (chairs are asked); invite_only → 403 INVITE_ONLY unless invited, and an
   * invited user's join accepts with the invited role. Active → 409 ALREADY_MEMBER; pending → the request as it is.
   */
  join(ref: string, user: AuthUser): Promise<MembershipDto> {
    return this.transactions.run(async (tx) => {
      const { group, facts } = await this.workingGroups.resolve(ref, user, tx, true);
      assertNotArchived(facts);
      const current = await this.groups.findMembership(tx, group.id, user.id);
      if (current?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'You are already a member of this group');
      if (current?.state === 'pending') return toMembershipDto(current);
      if (current?.state === 'invited') {
        const accepted = await this.activate(tx, group, user.id, current.role, current.invitedById);
        await this.outbox.record(tx, {
          type: 'membership.approved',
          payload: { workingGroupId: group.id, userId: user.id, approvedById: current.invitedById ?? user.id },
          actorId: user.id,
        });
        return toMembershipDto(accepted);
      }
      switch (group.joinPolicy) {
        case 'open':
          return toMembershipDto(await this.activate(tx, group, user.id, 'member', null));
        case 'approval': {
          const pending = await this.groups.saveMembership(tx, { workingGroupId: group.id, userId: user.id, role: 'member', state: 'pending' });
          await this.outbox.record(tx, { type: 'membership.requested', payload: { workingGroupId: group.id, userId: user.id }, actorId: user.id });
          return toMembershipDto(pending);
        }
        default:
          throw new ForbiddenError('This group is by invitation only', 'INVITE_ONLY');
      }
    });
  }

  /** Leaving (or withdrawing a request, or declining an invitation); the last chair cannot leave. Allowed in archived groups. */
  async leave(ref: string, user: AuthUser): Promise<MembershipDto> {
    const { membership, groupId } = await this.transactions.run(async (tx) => {
      const { group } = await this.workingGroups.resolve(ref, user, tx, true);
      const current = await this.groups.findMembership(tx, group.id, user.id);
      if (!current || GONE_STATES.includes(current.state)) throw new NotFoundError('Membership');
      await this.assertKeepsAChair(tx, group.id, current, 'member');
      const left = await this.groups.saveMembership(tx, { workingGroupId: group.id, userId: user.id, role: current.role, state: 'left' });
      return { membership: left, groupId: group.id };
    });
    await this.realtime.revokeGroupAccess(user.id, groupId);
    return toMembershipDto(membership);
  }

  async invite(ref: string, user: AuthUser, dto: InviteMemberDto): Promise<MembershipDto> {
    return this.transactions.run(async (tx) => {
      const { group, facts } = await this.workingGroups.resolve(ref, user, tx, true);
      assertCanModerate(facts);
      assertNotArchived(facts);
      if (dto.role === 'chair') assertCanManageChairs(facts);
      const inviteeId = await this.groups.findUserId(tx, dto);
      if (!inviteeId) throw new NotFoundError('User');
      const current = await this.groups.findMembership(tx, group.id, inviteeId);
      if (current?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'That user is already a member of this group');
      let membership: MembershipRow;
      if (current?.state === 'pending') {
        // Inviting someone who asked to join approves the request.
        membership = await this.activate(tx, group, inviteeId, dto.role, user.id);
        await this.outbox.record(tx, { type: 'membership.approved', payload: { workingGroupId: group.id, userId: inviteeId, approvedById: user.id }, actorId: user.id });
      } else {
        membership = await this.groups.saveMembership(tx, { workingGroupId: group.id, userId: inviteeId, role: dto.role, state: 'invited', invitedById: user.id });
        await this.outbox.record(tx, {
          type: 'membership.invited',
          payload: { workingGroupId: group.id, userId: inviteeId, invitedById: user.id, role: dto.role },
          actorId: user.id,
        });
      }
      await this.auditIfSecretariat(tx, facts, user, 'working_group.member_invite', group.id, { userId: inviteeId, role: dto.role });
      return toMembershipDto(membership);
    });
  }

  /** Approve a pending request (`state: active`) and/or change the role. Co-chairs cannot name or demote chairs. */
  async update(ref: string, user: AuthUser, targetUserId: string, dto: UpdateMemberDto): Promise<MembershipDto> {
    return this.transactions.run(async (tx) => {
      const { group, facts } = await this.workingGroups.resolve(ref, user, tx, true);
      assertCanModerate(facts);
      assertNotArchived(facts);
      const current = await this.groups.findMembership(tx, group.id, targetUserId);
      if (!current || GONE_STATES.includes(current.state)) throw new NotFoundError('Membership');
      const role = dto.role ?? current.role;
      if (role !== current.role && (role === 'chair' || current.role === 'chair')) assertCanManageChairs(facts);
      await this.assertKeepsAChair(tx, group.id, current, role);
      let membership: MembershipRow;
      if (dto.state === 'active' && current.state !== 'active') {
        if (current.state !== 'pending') throw new InvalidTransitionError('membership', current.state, 'approve');
        membership = await this.activate(tx, group, targetUserId, role, current.invitedById);
        await this.outbox.record(tx, { type: 'membership.approved', payload: { workingGroupId: group.id, userId: targetUserId, approvedById: user.id }, actorId: user.id });
      } else {
        membership = await this.groups.saveMembership(tx, { workingGroupId: group.id, userId: targetUserId, role, state: current.state });
      }
      await this.auditIfSecretariat(tx, facts, user, 'working_group.member_update', group.id, { userId: targetUserId, ...dto }, { role: current.role, state: current.state });
      return toMembershipDto(membership);
    });
  }

  /** Decline a request, withdraw an invitation or remove a member. */
  async remove(ref: string, user: AuthUser, targetUserId: string, reason?: string): Promise<void> {
    const groupId = await this.transactions.run(async (tx) => {
      const { group, facts } = await this.workingGroups.resolve(ref, user, tx, true);
      assertCanModerate(facts);
      assertNotArchived(facts);
      const current = await this.groups.findMembership(tx, group.id, targetUserId);
      if (!current || GONE_STATES.includes(current.state)) throw new NotFoundError('Membership');
      if (current.role === 'chair' && current.state === 'active') assertCanManageChairs(facts);
      await this.assertKeepsAChair(tx, group.id, current, 'member');
      await this.groups.saveMembership(tx, { workingGroupId: group.id, userId: targetUserId, role: current.role, state: 'removed', reason: reason ?? null });
      await this.auditIfSecretariat(tx, facts, user, 'working_group.member_remove', group.id, { userId: targetUserId, reason: reason ?? null }, { role: current.role, state: current.state });
      return group.id;
    });
    await this.realtime.revokeGroupAccess(targetUserId, groupId);
  }

  /** Active members for whoever sees the group's content; every state for chairs and the secretariat. */
  async list(ref: string, user: AuthUser | undefined, query: ListMembersQuery): Promise<Page<MemberDto>> {
    const { group, facts } = await this.workingGroups.resolve(ref, user);
    assertContentVisible(facts);
    const allowed = canModerate(facts) ? [...MEMBERSHIP_STATES] : ['active' as const];
    const states = query.state ? allowed.filter((state) => state === query.state) : allowed;
    if (!states.length) return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor, ['integer', 'string', 'uuid']);
    const rows = await this.groups.listMembers(group.id, { role: query.role, states }, query.limit, after);
    return toPage(rows, query.limit, (row) => [row.roleRank, row.displayName.toLowerCase(), row.userId], toMemberDto);
  }

  /** Makes the membership active; the new member starts with every thread read up to now. */
  private async activate(tx: Transaction, group: GroupRow, userId: string, role: MembershipRole, invitedById: string | null): Promise<MembershipRow> {
    const membership = await this.groups.saveMembership(tx, { workingGroupId: group.id, userId, role, state: 'active', invitedById });
    await this.activity.markGroupRead(tx, userId, group.id);
    return membership;
  }

  /** A group keeps at least one active chair: 409 LAST_CHAIR when this change would take away the last one. */
  private async assertKeepsAChair(tx: Transaction, groupId: string, current: MembershipRow, newRole: MembershipRole): Promise<void> {
    if (current.state !== 'active' || current.role !== 'chair' || newRole === 'chair') return;
    if ((await this.groups.countActiveChairs(tx, groupId)) <= 1) {
      throw new ConflictError('LAST_CHAIR', 'A working group keeps at least one chair; name another chair first');
    }
  }

  private async auditIfSecretariat(
    tx: Transaction, facts: GroupAccessFacts, user: AuthUser, action: string, groupId: string,
    after: Record<string, unknown>, before?: Record<string, unknown>,
  ): Promise<void> {
    if (!facts.secretariat) return;
    await this.audit.record(tx, { actorId: user.id, action, targetType: 'working_group', targetId: groupId, before: before ?? null, after });
  }
}

function assertCanManageChairs(facts: GroupAccessFacts): void {
  if (!canManageChairs(facts)) throw new ForbiddenError('Only chairs and the secretariat can name or remove chairs');
}
