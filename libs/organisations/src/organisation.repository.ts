import { Injectable } from '@nestjs/common';
import { containsPattern, type CursorValues } from '@meridian/common';
import { Database, SqlParams, Transaction } from '@meridian/database';
import type { OrganisationType } from '@meridian/taxonomy';
import type { OrganisationMembershipState, OrganisationRole } from './entities/organisation-membership.entity';
import type { OrganisationStatus } from './entities/organisation.entity';
import { OrganisationViewer, organisationVisibleSql } from './organisation-visibility.sql';

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

const ORGANISATION_COLUMNS = `o.id, o.name::text AS name, o.acronym, o.type, o.country, o.website, o.description, o.status,
  o.status_reason AS "statusReason", o.approved_at AS "approvedAt", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

const SELECT_ORGANISATION = (viewerParam: string) => `
  SELECT ${ORGANISATION_COLUMNS}, me.role AS "myRole", me.state AS "myState"
    FROM organisation o
    LEFT JOIN organisation_membership me ON me.organisation_id = o.id AND me.user_id = ${viewerParam}`;

/** All SQL about organisations themselves (memberships: OrganisationMembershipRepository). */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the organisation with its applicant as active owner and answers it as the applicant sees it, in one
   * statement; 'name_taken' when the unique index on the name (case-insensitive) refuses it, also between two
   * applications at once.
   */
  async insertWithOwner(tx: Transaction, organisation: NewOrganisation): Promise<OrganisationRow | 'name_taken'> {
    const [row]: OrganisationRow[] = await tx.query(
      `WITH o AS (
         INSERT INTO organisation (name, acronym, type, country, website, description, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING
         RETURNING *),
       me AS (
         INSERT INTO organisation_membership (organisation_id, user_id, role, state)
         SELECT o.id, $7, 'owner', 'active' FROM o
         RETURNING role, state)
       SELECT ${ORGANISATION_COLUMNS}, me.role AS "myRole", me.state AS "myState" FROM o, me`,
      [organisation.name, organisation.acronym, organisation.type, organisation.country, organisation.website, organisation.description, organisation.createdById],
    );
    return row ?? 'name_taken';
  }

  /** The organisation if `viewer` may see it. */
  async findVisible(id: string, viewer: OrganisationViewer, tx?: Transaction): Promise<OrganisationRow | null> {
    const params = new SqlParams();
    const viewerParam = params.add(viewer.userId);
    const sql = `${SELECT_ORGANISATION(`${viewerParam}::uuid`)} WHERE o.id = ${params.add(id)} AND ${organisationVisibleSql('o', viewer, params)}`;
    const [row] = await this.db.write(tx).query(sql, params.values);
    return row ?? null;
  }

  /** A page of the organisations `viewer` may see, ordered by name then id. */
  async list(viewer: OrganisationViewer, filter: OrganisationFilter): Promise<OrganisationRow[]> {
    const params = new SqlParams();
    const viewerParam = params.add(viewer.userId);
    const where = [organisationVisibleSql('o', viewer, params)];
    if (filter.type) where.push(`o.type = ${params.add(filter.type)}`);
    if (filter.country) where.push(`o.country = ${params.add(filter.country)}`);
    if (filter.status) where.push(`o.status = ${params.add(filter.status)}`);
    if (filter.q) where.push(`search_fold(o.name::text || ' ' || coalesce(o.acronym, '')) LIKE search_fold(${params.add(containsPattern(filter.q))})`);
    if (filter.after) where.push(`(o.name, o.id) > (${params.add(filter.after[0])}::citext, ${params.add(filter.after[1])}::uuid)`);
    const sql = `${SELECT_ORGANISATION(`${viewerParam}::uuid`)} WHERE ${where.join(' AND ')} ORDER BY o.name, o.id LIMIT ${params.add(filter.limit + 1)}`;
    return this.db.read().query(sql, params.values);
  }

  /** Locks the organisation row for a status or membership change; null when it does not exist. */
  async lockStatus(tx: Transaction, id: string): Promise<{ name: string; status: OrganisationStatus } | null> {
    const [row] = await tx.query(`SELECT name::text AS name, status FROM organisation WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async updateStatus(tx: Transaction, id: string, status: OrganisationStatus, reason: string | null): Promise<void> {
    await tx.query(
      `UPDATE organisation
          SET status = $2, status_reason = $3, updated_at = now(),
              approved_at = CASE WHEN $2 = 'approved' THEN coalesce(approved_at, now()) ELSE approved_at END
        WHERE id = $1`,
      [id, status, reason],
    );
  }
}
