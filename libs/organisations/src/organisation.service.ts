import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ConflictError, decodeCursor, InvalidTransitionError, NotFoundError, Page, toPage } from '@meridian/common';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher } from '@meridian/realtime';
import { TaxonomyService } from '@meridian/taxonomy';
import { Transactions } from '@meridian/database';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.dto';
import { OrganisationDto } from './dto/organisation.dto';
import { OrganisationMembershipRepository } from './organisation-membership.repository';
import { OrganisationAction, organisationTransition } from './organisation-transitions';
import { toOrganisationDto } from './organisation.mapper';
import { OrganisationViewer } from './organisation-visibility.sql';
import { OrganisationRepository } from './organisation.repository';

export function organisationViewer(user: AuthUser | undefined): OrganisationViewer {
  return { userId: user?.id ?? null, secretariat: isSecretariat(user) };
}

/** Applying, the directory, and the secretariat's decisions on organisations. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationRepository,
    private readonly memberships: OrganisationMembershipRepository,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** A signed-in user applies for an organisation: it starts `applied`, with the applicant as its owner. */
  async apply(user: AuthUser, input: CreateOrganisationDto): Promise<OrganisationDto> {
    await this.taxonomy.assertCountry('country', input.country);
    const row = await this.transactions.run(async (tx) => {
      const created = await this.organisations.insertWithOwner(tx, {
        name: input.name,
        acronym: input.acronym || null,
        type: input.type,
        country: input.country,
        website: input.website || null,
        description: input.description?.trim() || null,
        createdById: user.id,
      });
      if (created === 'name_taken') throw new ConflictError('ORGANISATION_NAME_TAKEN', 'An organisation with this name already exists');
      await this.outbox.record(tx, { type: 'organisation.applied', payload: { organisationId: created.id, name: input.name }, actorId: user.id });
      return created;
    });
    return toOrganisationDto(row, organisationViewer(user));
  }

  async list(user: AuthUser | undefined, query: ListOrganisationsQuery): Promise<Page<OrganisationDto>> {
    if (query.country) await this.taxonomy.assertCountry('country', query.country);
    const viewer = organisationViewer(user);
    const rows = await this.organisations.list(viewer, {
      type: query.type,
      country: query.country,
      status: query.status,
      q: query.q || undefined,
      after: decodeCursor(query.cursor, ['string', 'uuid']),
      limit: query.limit,
    });
    return toPage(rows, query.limit, (row) => [row.name, row.id], (row) => toOrganisationDto(row, viewer));
  }

  async get(user: AuthUser | undefined, id: string): Promise<OrganisationDto> {
    const viewer = organisationViewer(user);
    const row = await this.organisations.findVisible(id, viewer);
    if (!row) throw new NotFoundError('Organisation');
    return toOrganisationDto(row, viewer);
  }

  /**
   * Applies one secretariat decision through the state machine: the status change, its audit row and its
   * outbox event commit together, or not at all (409 INVALID_TRANSITION when the status does not allow it).
   */
  async decide(user: AuthUser, id: string, action: OrganisationAction, reason: string | undefined): Promise<OrganisationDto> {
    const viewer = organisationViewer(user);
    const { row, losingAccess } = await this.transactions.run(async (tx) => {
      const current = await this.organisations.lockStatus(tx, id);
      if (!current) throw new NotFoundError('Organisation');
      const transition = organisationTransition(current.status, action);
      if (!transition) throw new InvalidTransitionError('organisation', current.status, action);
      const statusReason = reason?.trim() || null;
      await this.organisations.updateStatus(tx, id, transition.to, statusReason);
      await this.audit.record(tx, {
        actorId: user.id,
        action: `organisation.${action}`,
        targetType: 'organisation',
        targetId: id,
        before: { status: current.status },
        after: { status: transition.to, reason: statusReason },
      });
      await this.outbox.record(tx, { type: transition.event, payload: { organisationId: id, name: current.name, reason: statusReason }, actorId: user.id });
      // Leaving `approved` (a suspension) may take network access from its members: their open sockets are re-checked.
      const losingAccess = current.status === 'approved' && transition.to !== 'approved' ? await this.memberships.activeUserIds(tx, id) : [];
      return { row: await this.organisations.findVisible(id, viewer, tx), losingAccess };
    });
    // Members with another approved organisation (or a group of public content) keep what they may still read.
    await this.realtime.revalidateAccess(losingAccess);
    return toOrganisationDto(row!, viewer);
  }
}
