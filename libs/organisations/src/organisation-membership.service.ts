import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser } from '@meridian/auth';
import { RealtimePublisher } from '@meridian/realtime';
import { ConflictError, decodeCursor, ForbiddenError, NotFoundError, Page, toPage } from '@meridian/common';
import { Transaction, Transactions } from '@meridian/database';
import { AddOrganisationMemberDto, ListOrganisationMembersQuery, UpdateOrganisationMemberDto } from './dto/organisation-member-input.dto';
import { OrganisationMembershipDto } from './dto/organisation.dto';
import type { OrganisationRole } from './entities/organisation-membership.entity';
import { MembershipRow, OrganisationMembershipRepository } from './organisation-membership.repository';
import { toOrganisationMembershipDto } from './organisation.mapper';
import { OrganisationRepository, OrganisationRow } from './organisation.repository';
import { organisationViewer } from './organisation.service';

/** A membership and whether this call made it (201) or found or completed an existing one (200). */
export interface MembershipOutcome {
  membership: OrganisationMembershipDto;
  created: boolean;
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
    private readonly transactions: Transactions,
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
    return toPage(rows, query.limit, (row) => [row.displayName, row.userId], toOrganisationMembershipDto);
  }

  /** An owner (or the secretariat) adds an existing account by email; a pending join request of that user is approved. */
  async add(user: AuthUser, organisationId: string, input: AddOrganisationMemberDto): Promise<MembershipOutcome> {
    const role = input.role ?? 'member';
    return this.inLockedOrganisation(user, organisationId, async (tx) => {
      const candidate = await this.memberships.findCandidateByEmail(tx, organisationId, input.email);
      if (!candidate) throw new NotFoundError('User');
      const existing = candidate.membership;
      if (existing?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'This user is already a member of the organisation');
      const membership = await this.memberships.save(tx, organisationId, candidate.userId, { role, state: 'active' });
      await this.recordChange(tx, user, organisationId, existing ? 'organisation.member_approve' : 'organisation.member_add', existing, membership);
      return { membership: toOrganisationMembershipDto(membership), created: !existing };
    }, { managersOnly: true });
  }

  /** A signed-in user asks to join an approved organisation; asking again while the request is open answers that request. */
  async requestToJoin(user: AuthUser, organisationId: string): Promise<MembershipOutcome> {
    return this.inLockedOrganisation(user, organisationId, async (tx, organisation) => {
      const existing = await this.memberships.find(organisationId, user.id, tx);
      if (existing?.state === 'active') throw new ConflictError('ALREADY_MEMBER', 'You are already a member of this organisation');
      if (existing) return { membership: toOrganisationMembershipDto(existing), created: false };
      if (organisation.status !== 'approved') throw new ConflictError('CONFLICT', 'Only approved organisations take join requests');
      const membership = await this.memberships.save(tx, organisationId, user.id, { role: 'member', state: 'requested' });
      return { membership: toOrganisationMembershipDto(membership), created: true };
    });
  }

  /** An owner approves a join request (`state: active`) and/or changes a role; the last active owner stays owner. */
  async update(user: AuthUser, organisationId: string, memberId: string, input: UpdateOrganisationMemberDto): Promise<OrganisationMembershipDto> {
    return this.inLockedOrganisation(user, organisationId, async (tx) => {
      const existing = await this.existingMembership(tx, organisationId, memberId);
      const next = { role: input.role ?? existing.role, state: input.state ?? existing.state };
      if (next.role === existing.role && next.state === existing.state) return toOrganisationMembershipDto(existing);
      if (isActiveOwner(existing) && next.role !== 'owner' && (await this.memberships.countActiveOwners(tx, organisationId)) <= 1) throw lastOwner();
      const membership = await this.memberships.save(tx, organisationId, memberId, next);
      const action = existing.state !== next.state ? 'organisation.member_approve' : 'organisation.member_role_change';
      await this.recordChange(tx, user, organisationId, action, existing, membership);
      return toOrganisationMembershipDto(membership);
    }, { managersOnly: true });
  }

  /** An owner or the secretariat removes a member or declines a request; anyone may leave or withdraw their own request. */
  async remove(user: AuthUser, organisationId: string, memberId: string): Promise<void> {
    const leaving = memberId === user.id;
    await this.inLockedOrganisation(user, organisationId, async (tx) => {
      const existing = await this.existingMembership(tx, organisationId, memberId);
      if (isActiveOwner(existing) && (await this.memberships.countActiveOwners(tx, organisationId)) <= 1) throw lastOwner();
      await this.memberships.delete(tx, organisationId, memberId);
      if (!leaving) await this.recordChange(tx, user, organisationId, 'organisation.member_remove', existing, null);
    }, { managersOnly: !leaving });
    // Their network access may have come from this organisation: open sockets leave the rooms they may no longer read.
    await this.realtime.revalidateAccess(memberId);
  }

  private async visibleOrganisation(organisationId: string, user: AuthUser, tx?: Transaction): Promise<OrganisationRow> {
    const organisation = await this.organisations.findVisible(organisationId, organisationViewer(user), tx);
    if (!organisation) throw new NotFoundError('Organisation');
    return organisation;
  }

  /**
   * Runs a membership change in a transaction holding the organisation's row lock, so concurrent changes
   * cannot both pass the last-owner check. The caller's membership is read after the lock is taken, so a change
   * that waited sees the one before it. Invisible → 404; visible but not an owner or secretariat → 403.
   */
  private async inLockedOrganisation<T>(
    user: AuthUser,
    organisationId: string,
    change: (tx: Transaction, organisation: OrganisationRow) => Promise<T>,
    options: { managersOnly?: boolean } = {},
  ): Promise<T> {
    return this.transactions.run(async (tx) => {
      await this.organisations.lockStatus(tx, organisationId);
      const organisation = await this.visibleOrganisation(organisationId, user, tx);
      if (options.managersOnly && !organisationViewer(user).secretariat && !callerOwns(organisation)) {
        throw new ForbiddenError("Only the organisation's owners can manage its members");
      }
      return change(tx, organisation);
    });
  }

  private async existingMembership(tx: Transaction, organisationId: string, userId: string): Promise<MembershipRow> {
    const membership = await this.memberships.find(organisationId, userId, tx);
    if (!membership) throw new NotFoundError('Membership');
    return membership;
  }

  private recordChange(
    tx: Transaction,
    user: AuthUser,
    organisationId: string,
    action: string,
    before: { userId: string; role: OrganisationRole; state: string } | null,
    after: { userId: string; role: OrganisationRole; state: string } | null,
  ): Promise<void> {
    const summary = (membership: typeof before) => (membership ? { userId: membership.userId, role: membership.role, state: membership.state } : null);
    return this.audit.record(tx, { actorId: user.id, action, targetType: 'organisation', targetId: organisationId, before: summary(before), after: summary(after) });
  }
}
