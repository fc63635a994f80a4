import { Injectable } from '@nestjs/common';
import type { CursorValues } from '@meridian/common';
import { Database, SqlParams, Transaction } from '@meridian/database';
import type { OrganisationMembershipState, OrganisationRole } from './entities/organisation-membership.entity';
import { isNetworkMemberSql } from './organisation-visibility.sql';

export interface MembershipRow {
  organisationId: string;
  userId: string;
  displayName: string;
  handle: string;
  role: OrganisationRole;
  state: OrganisationMembershipState;
  createdAt: Date;
}

/** An active account found by email, with its membership of one organisation if it has one. */
export interface CandidateMember {
  userId: string;
  membership: MembershipRow | null;
}

export interface MemberFilter {
  role?: OrganisationRole;
  state?: OrganisationMembershipState;
  /** Keyset position (displayName, userId). */
  after?: CursorValues;
  limit: number;
}

const MEMBERSHIP_COLUMNS = `m.organisation_id AS "organisationId", m.user_id AS "userId", u.display_name AS "displayName", u.handle::text AS handle,
  m.role, m.state, m.created_at AS "createdAt"`;

const SELECT_MEMBERSHIP = `SELECT ${MEMBERSHIP_COLUMNS} FROM organisation_membership m JOIN app_user u ON u.id = m.user_id`;

/** All SQL about who belongs to which organisation. */
@Injectable()
export class OrganisationMembershipRepository {
  constructor(private readonly db: Database) {}

  async find(organisationId: string, userId: string, tx?: Transaction): Promise<MembershipRow | null> {
    const [row] = await this.db.write(tx).query(`${SELECT_MEMBERSHIP} WHERE m.organisation_id = $1 AND m.user_id = $2`, [organisationId, userId]);
    return row ?? null;
  }

  /** The active account with this email (case-insensitive) and its membership of the organisation, in one read. */
  async findCandidateByEmail(tx: Transaction, organisationId: string, email: string): Promise<CandidateMember | null> {
    const [row] = await tx.query(
      `SELECT u.id AS "candidateId", ${MEMBERSHIP_COLUMNS}
         FROM app_user u
         LEFT JOIN organisation_membership m ON m.organisation_id = $1 AND m.user_id = u.id
        WHERE u.email = $2::citext AND u.status = 'active'`,
      [organisationId, email],
    );
    if (!row) return null;
    const { candidateId, ...membership } = row;
    return { userId: candidateId, membership: membership.userId ? membership : null };
  }

  async list(organisationId: string, filter: MemberFilter): Promise<MembershipRow[]> {
    const params = new SqlParams();
    const where = [`m.organisation_id = ${params.add(organisationId)}`];
    if (filter.role) where.push(`m.role = ${params.add(filter.role)}`);
    if (filter.state) where.push(`m.state = ${params.add(filter.state)}`);
    if (filter.after) where.push(`(u.display_name, m.user_id) > (${params.add(filter.after[0])}::text, ${params.add(filter.after[1])}::uuid)`);
    return this.db.read().query(
      `${SELECT_MEMBERSHIP} WHERE ${where.join(' AND ')} ORDER BY u.display_name, m.user_id LIMIT ${params.add(filter.limit + 1)}`,
      params.values,
    );
  }

  /** Creates the membership, or rewrites the role and state of the existing one; answers it as a member list shows it. */
  async save(tx: Transaction, organisationId: string, userId: string, change: { role: OrganisationRole; state: OrganisationMembershipState }): Promise<MembershipRow> {
    const [row] = await tx.query(
      `WITH m AS (
         INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = EXCLUDED.role, state = EXCLUDED.state
         RETURNING *)
       SELECT ${MEMBERSHIP_COLUMNS} FROM m JOIN app_user u ON u.id = m.user_id`,
      [organisationId, userId, change.role, change.state],
    );
    return row;
  }

  async delete(tx: Transaction, organisationId: string, userId: string): Promise<void> {
    await tx.query(`DELETE FROM organisation_membership WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
  }

  /** Every active member's user id (the primary key's organisation_id prefix serves it). */
  async activeUserIds(tx: Transaction, organisationId: string): Promise<string[]> {
    const rows: { userId: string }[] = await tx.query(
      `SELECT user_id AS "userId" FROM organisation_membership WHERE organisation_id = $1 AND state = 'active'`,
      [organisationId],
    );
    return rows.map((row) => row.userId);
  }

  async countActiveOwners(tx: Transaction, organisationId: string): Promise<number> {
    const [row] = await tx.query(`SELECT count(*)::int AS count FROM organisation_membership WHERE organisation_id = $1 AND role = 'owner' AND state = 'active'`, [organisationId]);
    return row.count;
  }

  /** Whether the user is an active member of an approved organisation (what the network-membership guard asks). */
  async isNetworkMember(userId: string): Promise<boolean> {
    const [row] = await this.db.write().query(`SELECT ${isNetworkMemberSql('$1')} AS ok`, [userId]);
    return row.ok === true;
  }
}
