import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser } from '@meridian/auth';
import { RealtimePublisher } from '@meridian/realtime';
import { ConflictError, decodeCursor, ForbiddenError, NotFoundError, Page, toPage } from '@meridian/common';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AddOrganisationMemberDto, ListOrganisationMembersQuery, UpdateOrganisationMemberDto } from './dto/organisation-member-input.dto';
import { OrganisationMembershipDto } from './dto/organisation.dto';
import type { OrganisationRole } from './entities/organisation-membership.entity';
import { MembershipRow, OrganisationMembershipRepository } from './organisation-membership.repository';
import { OrganisationRepository, OrganisationRow } from './organisation.repository';
import { assertOrganisationId, organisationViewer } from './organisation.service';

/** A membership and whether this call made it (201) or found or completed an existing one (200). */
export interface MembershipOutcome {
  membership: OrganisationMembershipDto;
  created: boolean;
}

function toMembershipDto(row: MembershipRow): OrganisationMembershipDto {
  return {
    organisationId: row.organisationId,
    userId: row.userId,
    displayName: row.displayName,
    handle: row.handle,
    role: row.role,
    state: row.state,
    createdAt: row.createdAt,
  };
}

const isActiveOwner = (membership: MembershipRow) => membership.role === 'owner' && membership.state === 'active';
const callerOwns = (organisation: OrganisationRow) => organisation.myRole === 'owner' && organisation.myState === 'active';
const lastOwner = () => new ConflictError('LAST_OWNER', 'An organisation keeps at least one owner; make someone else owner first');

/**
 * Who belongs to an organisation. Owners manage members; the secretariat may too (and every change someone
 * makes to another person's membership is audit-logged). A member may always leave.
 */
@Injectable()
export class OrganisationMembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationRepository,
    private readonly memberships: OrganisationMembershipRepository,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** Active members see active members; owners and the secretariat also see join requests; anonymous callers get 404 (never public). */
  async list(user: AuthUser | undefined, organisationId: string, query: ListOrganisationMembersQuery): Promise<Page<OrganisationMembershipDto>> {
    if (!user) throw new NotFoundError('Organisation member list');
    const viewer = organisationViewer(user);
    const organisation = await this.visibleOrganisation(organisationId, user);
    const activeMember = organisation.myState === 'active';
    if (!viewer.secretariat && !activeMember) throw new ForbiddenError("Only the organisation's members can see its member list");
    const seesRequests = viewer.secretariat || callerOwns(organisation);
    const after = decodeCursor(query.cursor, ['string', 'uuid']);
    if (!seesRequests && query.state === 'requested') return { items: [], nextCursor: null };
    const rows = await this.memberships.list(organisationId, { role: query.role, state: seesRequests ? query.state : 'active', after, limit: query.limit });
    return toPage(rows, query.limit, (row) => [row.displayName, row.userId], toMembershipDto);
  }

  /** An owner (or the secretariat) adds an existing account by email; a pending join request of that user is approved. */
  async add(user: AuthUser, organisationId: string, input: AddOrganisationMemberDto): Promise<MembershipOutcome> {
    const role = input.role ?? 'member';
    return this.inLockedOrganisation(user, organisationId, async (manager) => {
      const userId = await this.memberships.findActiveUserIdByEmail(manager, input.email);
      if (!userId) throw new NotFoundError('User');
      const existing = await this.memberships.find(organisationId, userId, manager);
      if (existing?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'This user is already a member of the organisation');
      if (existing) await this.memberships.update(manager, organisationId, userId, { role, state: 'active' });
      else await this.memberships.insert(manager, organisationId, userId, role, 'active');
      await this.recordChange(manager, user, organisationId, existing ? 'organisation.member_approve' : 'organisation.member_add', existing, { userId, role, state: 'active' });
      return { membership: toMembershipDto((await this.memberships.find(organisationId, userId, manager))!), created: !existing };
    }, { managersOnly: true });
  }

  /** A signed-in user asks to join an approved organisation; asking again while the request is open answers that request. */
  async requestToJoin(user: AuthUser, organisationId: string): Promise<MembershipOutcome> {
    return this.inLockedOrganisation(user, organisationId, async (manager, organisation) => {
      const existing = await this.memberships.find(organisationId, user.id, manager);
      if (existing?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'You are already a member of this organisation');
      if (existing) return { membership: toMembershipDto(existing), created: false };
      if (organisation.status !== 'approved') throw new ConflictError('CONFLICT', 'Only approved organisations take join requests');
      await this.memberships.insert(manager, organisationId, user.id, 'member', 'requested');
      return { membership: toMembershipDto((await this.memberships.find(organisationId, user.id, manager))!), created: true };
    });
  }

  /** An owner approves a join request (`state: active`) and/or changes a role; the last active owner stays owner. */
  async update(user: AuthUser, organisationId: string, memberId: string, input: UpdateOrganisationMemberDto): Promise<OrganisationMembershipDto> {
    return this.inLockedOrganisation(user, organisationId, async (manager) => {
      const existing = await this.existingMembership(manager, organisationId, memberId);
      const next = { role: input.role ?? existing.role, state: input.state ?? existing.state };
      if (next.role === existing.role && next.state === existing.state) return toMembershipDto(existing);
      if (isActiveOwner(existing) && next.role !== 'owner' && (await this.memberships.countActiveOwners(manager, organisationId)) <= 1) throw lastOwner();
      await this.memberships.update(manager, organisationId, memberId, next);
      const action = existing.state !== next.state ? 'organisation.member_approve' : 'organisation.member_role_change';
      await this.recordChange(manager, user, organisationId, action, existing, { userId: memberId, ...next });
      return toMembershipDto((await this.memberships.find(organisationId, memberId, manager))!);
    }, { managersOnly: true });
  }

  /** An owner or the secretariat removes a member or declines a request; anyone may leave or withdraw their own request. */
  async remove(user: AuthUser, organisationId: string, memberId: string): Promise<void> {
    const leaving = memberId === user.id;
    await this.inLockedOrganisation(user, organisationId, async (manager) => {
      const existing = await this.existingMembership(manager, organisationId, memberId);
      if (isActiveOwner(existing) && (await this.memberships.countActiveOwners(manager, organisationId)) <= 1) throw lastOwner();
      await this.memberships.delete(manager, organisationId, memberId);
      if (!leaving) await this.recordChange(manager, user, organisationId, 'organisation.member_remove', existing, null);
    }, { managersOnly: !leaving });
    // Their network access may have come from this organisation: open sockets leave the rooms they may no longer read.
    await this.realtime.revalidateAccess(memberId);
  }

  private async visibleOrganisation(organisationId: string, user: AuthUser, manager?: EntityManager): Promise<OrganisationRow> {
    assertOrganisationId(organisationId);
    const organisation = await this.organisations.findVisible(organisationId, organisationViewer(user), manager);
    if (!organisation) throw new NotFoundError('Organisation');
    return organisation;
  }

  /**
   * Runs a membership change in a transaction holding the organisation's row lock, so concurrent changes
   * cannot both pass the last-owner check. Invisible → 404; visible but not an owner or secretariat → 403.
   */
  private async inLockedOrganisation<T>(
    user: AuthUser,
    organisationId: string,
    change: (manager: EntityManager, organisation: OrganisationRow) => Promise<T>,
    options: { managersOnly?: boolean } = {},
  ): Promise<T> {
    assertOrganisationId(organisationId);
    return this.dataSource.transaction(async (manager) => {
      await this.organisations.lockStatus(manager, organisationId);
      const organisation = await this.visibleOrganisation(organisationId, user, manager);
      if (options.managersOnly && !organisationViewer(user).secretariat && !callerOwns(organisation)) {
        throw new ForbiddenError("Only the organisation's owners can manage its members");
      }
      return change(manager, organisation);
    });
  }

  private async existingMembership(manager: EntityManager, organisationId: string, userId: string): Promise<MembershipRow> {
    const membership = isUUID(userId) ? await this.memberships.find(organisationId, userId, manager) : null;
    if (!membership) throw new NotFoundError('Membership');
    return membership;
  }

  private recordChange(
    manager: EntityManager,
    user: AuthUser,
    organisationId: string,
    action: string,
    before: { userId: string; role: OrganisationRole; state: string } | null,
    after: { userId: string; role: OrganisationRole; state: string } | null,
  ): Promise<void> {
    const summary = (membership: typeof before) => (membership ? { userId: membership.userId, role: membership.role, state: membership.state } : null);
    return this.audit.record(manager, { actorId: user.id, action, targetType: 'organisation', targetId: organisationId, before: summary(before), after: summary(after) });
  }
}
