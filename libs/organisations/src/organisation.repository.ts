import { Injectable } from '@nestjs/common';
import { containsPattern, type CursorValues } from '@meridian/common';
import type { OrganisationType } from '@meridian/taxonomy';
import { DataSource, EntityManager } from 'typeorm';
import type { OrganisationMembershipState, OrganisationRole } from './entities/organisation-membership.entity';
import type { OrganisationStatus } from './entities/organisation.entity';

/** Who is looking: decides which organisations exist for them. */
export interface OrganisationViewer {
  userId: string | null;
  secretariat: boolean;
}

export interface OrganisationRow {
  id: string;
  name: string;
  acronym: string | null;
  type: OrganisationType;
  country: string;
  website: string | null;
  description: string | null;
  status: OrganisationStatus;
  statusReason: string | null;
  approvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The viewer's membership, if any. */
  myRole: OrganisationRole | null;
  myState: OrganisationMembershipState | null;
}

export interface NewOrganisation {
  name: string;
  acronym: string | null;
  type: OrganisationType;
  country: string;
  website: string | null;
  description: string | null;
  createdById: string;
}

export interface OrganisationFilter {
  type?: OrganisationType;
  country?: string;
  status?: OrganisationStatus;
  q?: string;
  /** Keyset position (name, id) after which the page starts. */
  after?: CursorValues;
  limit: number;
}

/** Collects positional parameters so SQL fragments can be composed without counting `$n` by hand. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The one visibility rule for organisations, used by every read: anonymous callers see approved ones,
 * signed-in users also those they belong to (in any state), the secretariat all.
 */
function visibleOrganisationSql(alias: string, viewer: OrganisationViewer, params: Params): string {
  if (viewer.secretariat) return 'TRUE';
  if (!viewer.userId) return `${alias}.status = 'approved'`;
  return `(${alias}.status = 'approved' OR EXISTS (SELECT 1 FROM organisation_membership vm WHERE vm.organisation_id = ${alias}.id AND vm.user_id = ${params.add(viewer.userId)}))`;
}

const SELECT_ORGANISATION = (viewerParam: string) => `
  SELECT o.id, o.name::text AS name, o.acronym, o.type, o.country, o.website, o.description, o.status,
         o.status_reason AS "statusReason", o.approved_at AS "approvedAt", o.created_at AS "createdAt", o.updated_at AS "updatedAt",
         me.role AS "myRole", me.state AS "myState"
    FROM organisation o
    LEFT JOIN organisation_membership me ON me.organisation_id = o.id AND me.user_id = ${viewerParam}`;

/** All SQL about organisations themselves (memberships: OrganisationMembershipRepository). */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, organisation: NewOrganisation): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO organisation (name, acronym, type, country, website, description, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [organisation.name, organisation.acronym, organisation.type, organisation.country, organisation.website, organisation.description, organisation.createdById],
    );
    return row.id;
  }

  /** The organisation if `viewer` may see it. */
  async findVisible(id: string, viewer: OrganisationViewer, manager: EntityManager = this.dataSource.manager): Promise<OrganisationRow | null> {
    const params = new Params();
    const viewerParam = params.add(viewer.userId);
    const sql = `${SELECT_ORGANISATION(`${viewerParam}::uuid`)} WHERE o.id = ${params.add(id)} AND ${visibleOrganisationSql('o', viewer, params)}`;
    const [row] = await manager.query(sql, params.values);
    return row ?? null;
  }

  /** A page of the organisations `viewer` may see, ordered by name then id. */
  async list(viewer: OrganisationViewer, filter: OrganisationFilter): Promise<OrganisationRow[]> {
    const params = new Params();
    const viewerParam = params.add(viewer.userId);
    const where = [visibleOrganisationSql('o', viewer, params)];
    if (filter.type) where.push(`o.type = ${params.add(filter.type)}`);
    if (filter.country) where.push(`o.country = ${params.add(filter.country)}`);
    if (filter.status) where.push(`o.status = ${params.add(filter.status)}`);
    if (filter.q) where.push(`search_fold(o.name::text || ' ' || coalesce(o.acronym, '')) LIKE search_fold(${params.add(containsPattern(filter.q))})`);
    if (filter.after) where.push(`(o.name, o.id) > (${params.add(filter.after[0])}::citext, ${params.add(filter.after[1])}::uuid)`);
    const sql = `${SELECT_ORGANISATION(`${viewerParam}::uuid`)} WHERE ${where.join(' AND ')} ORDER BY o.name, o.id LIMIT ${params.add(filter.limit + 1)}`;
    return this.dataSource.query(sql, params.values);
  }

  /** Locks the organisation row for a status or membership change; null when it does not exist. */
  async lockStatus(manager: EntityManager, id: string): Promise<{ name: string; status: OrganisationStatus } | null> {
    const [row] = await manager.query(`SELECT name::text AS name, status FROM organisation WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async updateStatus(manager: EntityManager, id: string, status: OrganisationStatus, reason: string | null): Promise<void> {
    await manager.query(
      `UPDATE organisation
          SET status = $2, status_reason = $3, updated_at = now(),
              approved_at = CASE WHEN $2 = 'approved' THEN coalesce(approved_at, now()) ELSE approved_at END
        WHERE id = $1`,
      [id, status, reason],
    );
  }
}
