import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ConflictError, decodeCursor, InvalidTransitionError, NotFoundError, Page, toPage } from '@meridian/common';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher } from '@meridian/realtime';
import { TaxonomyService } from '@meridian/taxonomy';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.dto';
import { OrganisationDto } from './dto/organisation.dto';
import { OrganisationMembershipRepository } from './organisation-membership.repository';
import { OrganisationAction, organisationTransition } from './organisation-transitions';
import { OrganisationRepository, OrganisationRow, OrganisationViewer } from './organisation.repository';

export function organisationViewer(user: AuthUser | undefined): OrganisationViewer {
  return { userId: user?.id ?? null, secretariat: isSecretariat(user) };
}

/** Route ids that are not UUIDs name nothing: 404 like any other unknown id, not a database error. */
export function assertOrganisationId(id: string): void {
  if (!isUUID(id)) throw new NotFoundError('Organisation');
}

function nameTaken(): ConflictError {
  return new ConflictError('ORGANISATION_NAME_TAKEN', 'An organisation with this name already exists');
}

export function toOrganisationDto(row: OrganisationRow, viewer: OrganisationViewer): OrganisationDto {
  const insider = viewer.secretariat || row.myState === 'active';
  return {
    id: row.id,
    name: row.name,
    acronym: row.acronym,
    type: row.type,
    country: row.country,
    website: row.website,
    description: row.description,
    status: row.status,
    statusReason: insider ? row.statusReason : null,
    approvedAt: row.approvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    myMembership: row.myRole && row.myState ? { role: row.myRole, state: row.myState } : null,
  };
}

/** Applying, the directory, and the secretariat's decisions on organisations. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
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
    const viewer = organisationViewer(user);
    try {
      const row = await this.dataSource.transaction(async (manager) => {
        const id = await this.organisations.insert(manager, {
          name: input.name,
          acronym: input.acronym || null,
          type: input.type,
          country: input.country,
          website: input.website || null,
          description: input.description?.trim() || null,
          createdById: user.id,
        });
        await this.memberships.insert(manager, id, user.id, 'owner', 'active');
        await this.outbox.record(manager, { type: 'organisation.applied', payload: { organisationId: id, name: input.name }, actorId: user.id });
        return this.organisations.findVisible(id, viewer, manager);
      });
      return toOrganisationDto(row!, viewer);
    } catch (error) {
      // The unique index on the name (case-insensitive, citext) decides, also between two applications at once;
      // it is the only unique constraint a new organisation and its first membership can break.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { driverError: { code?: string } }).driverError.code === '23505') {
        throw nameTaken();
      }
      throw error;
    }
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
    assertOrganisationId(id);
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
    assertOrganisationId(id);
    const viewer = organisationViewer(user);
    const { row, losingAccess } = await this.dataSource.transaction(async (manager: EntityManager) => {
      const current = await this.organisations.lockStatus(manager, id);
      if (!current) throw new NotFoundError('Organisation');
      const transition = organisationTransition(current.status, action);
      if (!transition) throw new InvalidTransitionError('organisation', current.status, action);
      const statusReason = reason?.trim() || null;
      await this.organisations.updateStatus(manager, id, transition.to, statusReason);
      await this.audit.record(manager, {
        actorId: user.id,
        action: `organisation.${action}`,
        targetType: 'organisation',
        targetId: id,
        before: { status: current.status },
        after: { status: transition.to, reason: statusReason },
      });
      await this.outbox.record(manager, { type: transition.event, payload: { organisationId: id, name: current.name, reason: statusReason }, actorId: user.id });
      // Leaving `approved` (a suspension) may take network access from its members: their open sockets are re-checked.
      const losingAccess = current.status === 'approved' && transition.to !== 'approved' ? await this.memberships.activeUserIds(manager, id) : [];
      return { row: await this.organisations.findVisible(id, viewer, manager), losingAccess };
    });
    // Members with another approved organisation (or a group of public content) keep what they may still read.
    await this.realtime.revalidateAccess(losingAccess);
    return toOrganisationDto(row!, viewer);
  }
}
