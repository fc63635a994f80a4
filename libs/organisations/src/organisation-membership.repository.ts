import { Injectable } from '@nestjs/common';
import type { CursorValues } from '@meridian/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OrganisationMembershipState, OrganisationRole } from './entities/organisation-membership.entity';

export interface MembershipRow {
  organisationId: string;
  userId: string;
  displayName: string;
  handle: string;
  role: OrganisationRole;
  state: OrganisationMembershipState;
  createdAt: Date;
}

export interface MemberFilter {
  role?: OrganisationRole;
  state?: OrganisationMembershipState;
  /** Keyset position (displayName, userId). */
  after?: CursorValues;
  limit: number;
}

const SELECT_MEMBERSHIP = `
  SELECT m.organisation_id AS "organisationId", m.user_id AS "userId", u.display_name AS "displayName", u.handle::text AS handle,
         m.role, m.state, m.created_at AS "createdAt"
    FROM organisation_membership m
    JOIN app_user u ON u.id = m.user_id`;

/** All SQL about who belongs to which organisation. */
@Injectable()
export class OrganisationMembershipRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<MembershipRow | null> {
    const [row] = await manager.query(`${SELECT_MEMBERSHIP} WHERE m.organisation_id = $1 AND m.user_id = $2`, [organisationId, userId]);
    return row ?? null;
  }

  async list(organisationId: string, filter: MemberFilter): Promise<MembershipRow[]> {
    const values: unknown[] = [organisationId];
    const where = ['m.organisation_id = $1'];
    if (filter.role) where.push(`m.role = $${values.push(filter.role)}`);
    if (filter.state) where.push(`m.state = $${values.push(filter.state)}`);
    if (filter.after) where.push(`(u.display_name, m.user_id) > ($${values.push(filter.after[0])}::text, $${values.push(filter.after[1])}::uuid)`);
    return this.dataSource.query(
      `${SELECT_MEMBERSHIP} WHERE ${where.join(' AND ')} ORDER BY u.display_name, m.user_id LIMIT $${values.push(filter.limit + 1)}`,
      values,
    );
  }

  async insert(manager: EntityManager, organisationId: string, userId: string, role: OrganisationRole, state: OrganisationMembershipState): Promise<void> {
    await manager.query(`INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, $3, $4)`, [organisationId, userId, role, state]);
  }

  async update(manager: EntityManager, organisationId: string, userId: string, change: { role: OrganisationRole; state: OrganisationMembershipState }): Promise<void> {
    await manager.query(`UPDATE organisation_membership SET role = $3, state = $4 WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId, change.role, change.state]);
  }

  async delete(manager: EntityManager, organisationId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM organisation_membership WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
  }

  /** Every active member's user id (the primary key's organisation_id prefix serves it). */
  async activeUserIds(manager: EntityManager, organisationId: string): Promise<string[]> {
    const rows: { userId: string }[] = await manager.query(
      `SELECT user_id AS "userId" FROM organisation_membership WHERE organisation_id = $1 AND state = 'active'`,
      [organisationId],
    );
    return rows.map((row) => row.userId);
  }

  async countActiveOwners(manager: EntityManager, organisationId: string): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS count FROM organisation_membership WHERE organisation_id = $1 AND role = 'owner' AND state = 'active'`, [organisationId]);
    return row.count;
  }

  /** An active account with this email (case-insensitive), for adding members by email. */
  async findActiveUserIdByEmail(manager: EntityManager, email: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT id FROM app_user WHERE email = $1::citext AND status = 'active'`, [email]);
    return row?.id ?? null;
  }
}
