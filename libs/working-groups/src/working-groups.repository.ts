import { Injectable } from '@nestjs/common';
import { containsPattern, CursorValues } from '@meridian/common';
import { DataSource, EntityManager } from 'typeorm';
import type { JoinPolicy, WorkingGroupStatus, WorkingGroupVisibility } from './entities/working-group.entity';
import type { MembershipRole, MembershipState } from './entities/working-group-membership.entity';
import type { SubscriptionLevel } from './entities/working-group-subscription.entity';
import { SqlParams, UUID_PATTERN, Viewer, viewerParams } from './sql';
import { groupContentVisibleSql, groupVisibleSql } from './working-group-visibility';

export interface GroupRow {
  id: string;
  slug: string;
  name: string;
  mandate: string;
  visibility: WorkingGroupVisibility;
  join_policy: JoinPolicy;
  gcm_objectives: number[];
  countries: string[];
  status: WorkingGroupStatus;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  member_count: number;
  my_role: MembershipRole | null;
  my_state: MembershipState | null;
  content_visible: boolean;
}

export interface MembershipRow {
  working_group_id: string;
  user_id: string;
  role: MembershipRole;
  state: MembershipState;
  invited_by_id: string | null;
  joined_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface MemberRow extends MembershipRow {
  display_name: string;
  handle: string;
  role_rank: number;
}

export interface GroupFilters {
  q?: string;
  visibility?: WorkingGroupVisibility;
  gcmObjective?: number;
  country?: string;
  status?: WorkingGroupStatus;
  mine?: boolean;
}

export interface NewGroup {
  slug: string;
  name: string;
  mandate: string;
  visibility: WorkingGroupVisibility;
  joinPolicy: JoinPolicy;
  gcmObjectives: number[];
  countries: string[];
  createdById: string;
}

export type GroupPatch = Partial<Omit<NewGroup, 'createdById'>>;

const GROUP_COLUMNS = `g.id, g.slug, g.name, g.mandate, g.visibility, g.join_policy, g.gcm_objectives, g.countries, g.status, g.archived_at, g.created_at, g.updated_at`;
const MEMBER_COUNT = `(SELECT count(*)::int FROM working_group_membership mc WHERE mc.working_group_id = g.id AND mc.state = 'active')`;
const ROLE_RANK = `CASE m.role WHEN 'chair' THEN 0 WHEN 'co_chair' THEN 1 WHEN 'member' THEN 2 ELSE 3 END`;

/** All SQL of working groups and their memberships. */
@Injectable()
export class WorkingGroupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** A group by id or slug, only if the viewer may see it; with the viewer's membership and whether they see its content. */
  async findVisible(ref: string, viewer: Viewer | null, manager?: EntityManager, lock = false): Promise<GroupRow | undefined> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const key = UUID_PATTERN.test(ref) ? `g.id = ${params.add(ref)}::uuid` : `g.slug = ${params.add(ref)}`;
    const rows: GroupRow[] = await this.db(manager).query(
      `SELECT ${GROUP_COLUMNS}, ${MEMBER_COUNT} AS member_count,
              CASE WHEN m.state = 'active' THEN m.role END AS my_role, m.state AS my_state,
              ${groupContentVisibleSql('g', who)} AS content_visible
       FROM working_group g
       LEFT JOIN working_group_membership m ON m.working_group_id = g.id AND m.user_id = ${who.userId}
       WHERE ${key} AND ${groupVisibleSql('g', who)}
       ${lock ? 'FOR UPDATE OF g' : ''}`,
      params.values,
    );
    return rows[0];
  }

  async list(filters: GroupFilters, viewer: Viewer | null, limit: number, after: CursorValues | undefined): Promise<GroupRow[]> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const where = [groupVisibleSql('g', who)];
    if (filters.q) where.push(`lower(g.name) LIKE ${params.add(containsPattern(filters.q.toLowerCase()))}`);
    if (filters.visibility) where.push(`g.visibility = ${params.add(filters.visibility)}`);
    if (filters.gcmObjective) where.push(`g.gcm_objectives @> ARRAY[${params.add(filters.gcmObjective)}::smallint]`);
    if (filters.country) where.push(`g.countries @> ARRAY[${params.add(filters.country)}::text]`);
    if (filters.status) where.push(`g.status = ${params.add(filters.status)}`);
    if (filters.mine) where.push(`m.state IN ('active', 'pending', 'invited')`);
    if (after) where.push(`(g.name, g.id) > (${params.add(after[0])}::text, ${params.add(after[1])}::uuid)`);
    return this.dataSource.query(
      `SELECT ${GROUP_COLUMNS}, ${MEMBER_COUNT} AS member_count,
              CASE WHEN m.state = 'active' THEN m.role END AS my_role, m.state AS my_state,
              ${groupContentVisibleSql('g', who)} AS content_visible
       FROM working_group g
       LEFT JOIN working_group_membership m ON m.working_group_id = g.id AND m.user_id = ${who.userId}
       WHERE ${where.join(' AND ')}
       ORDER BY g.name, g.id
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  async slugExists(manager: EntityManager, slug: string, exceptId?: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM working_group WHERE slug = $1 AND ($2::uuid IS NULL OR id <> $2)`, [slug, exceptId ?? null]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, group: NewGroup): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO working_group (slug, name, mandate, visibility, join_policy, gcm_objectives, countries, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [group.slug, group.name, group.mandate, group.visibility, group.joinPolicy, group.gcmObjectives, group.countries, group.createdById],
    );
    return row.id;
  }

  async update(manager: EntityManager, id: string, patch: GroupPatch): Promise<void> {
    const columns: Record<keyof GroupPatch, string> = {
      slug: 'slug', name: 'name', mandate: 'mandate', visibility: 'visibility', joinPolicy: 'join_policy', gcmObjectives: 'gcm_objectives', countries: 'countries',
    };
    const params = new SqlParams();
    const sets = (Object.keys(columns) as (keyof GroupPatch)[])
      .filter((key) => patch[key] !== undefined)
      .map((key) => `${columns[key]} = ${params.add(patch[key])}`);
    if (!sets.length) return;
    await manager.query(`UPDATE working_group SET ${sets.join(', ')}, updated_at = now() WHERE id = ${params.add(id)}`, params.values);
  }

  async setStatus(manager: EntityManager, id: string, status: WorkingGroupStatus): Promise<void> {
    await manager.query(
      `UPDATE working_group SET status = $2, archived_at = CASE WHEN $2 = 'archived' THEN now() END, updated_at = now() WHERE id = $1`,
      [id, status],
    );
  }

  /** Existing active users among `ids`. */
  async existingUserIds(manager: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await manager.query(`SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND status = 'active'`, [ids]);
    return rows.map((row) => row.id);
  }

  async findUserId(manager: EntityManager, by: { userId?: string; email?: string }): Promise<string | undefined> {
    const rows: { id: string }[] = by.userId
      ? await manager.query(`SELECT id FROM app_user WHERE id = $1 AND status = 'active'`, [by.userId])
      : await manager.query(`SELECT id FROM app_user WHERE email = $1 AND status = 'active'`, [by.email]);
    return rows[0]?.id;
  }

  async findMembership(manager: EntityManager, workingGroupId: string, userId: string): Promise<MembershipRow | undefined> {
    const rows: MembershipRow[] = await manager.query(
      `SELECT * FROM working_group_membership WHERE working_group_id = $1 AND user_id = $2 FOR UPDATE`,
      [workingGroupId, userId],
    );
    return rows[0];
  }

  /** Creates or rewrites the membership (re-joining after `left`/`removed` reuses the row). */
  async saveMembership(
    manager: EntityManager,
    membership: { workingGroupId: string; userId: string; role: MembershipRole; state: MembershipState; invitedById?: string | null; reason?: string | null },
  ): Promise<MembershipRow> {
    const [row] = await manager.query(
      `INSERT INTO working_group_membership (working_group_id, user_id, role, state, invited_by_id, joined_at, reason)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'active' THEN now() END, $6)
       ON CONFLICT (working_group_id, user_id) DO UPDATE SET
         role = EXCLUDED.role, state = EXCLUDED.state,
         invited_by_id = COALESCE(EXCLUDED.invited_by_id, CASE WHEN EXCLUDED.state IN ('invited', 'active') THEN working_group_membership.invited_by_id END),
         joined_at = CASE WHEN EXCLUDED.state = 'active'
                          THEN CASE WHEN working_group_membership.state = 'active' THEN working_group_membership.joined_at ELSE now() END END,
         reason = EXCLUDED.reason, updated_at = now()
       RETURNING *`,
      [membership.workingGroupId, membership.userId, membership.role, membership.state, membership.invitedById ?? null, membership.reason ?? null],
    );
    return row;
  }

  async countActiveChairs(manager: EntityManager, workingGroupId: string): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS count FROM working_group_membership WHERE working_group_id = $1 AND state = 'active' AND role = 'chair'`,
      [workingGroupId],
    );
    return row.count;
  }

  async listMembers(
    workingGroupId: string,
    filters: { role?: MembershipRole; states: MembershipState[] },
    limit: number,
    after: CursorValues | undefined,
  ): Promise<MemberRow[]> {
    const params = new SqlParams();
    const where = [`m.working_group_id = ${params.add(workingGroupId)}`, `m.state = ANY(${params.add(filters.states)}::text[])`];
    if (filters.role) where.push(`m.role = ${params.add(filters.role)}`);
    if (after) {
      where.push(`(${ROLE_RANK}, lower(u.display_name), m.user_id) > (${params.add(after[0])}::int, ${params.add(after[1])}::text, ${params.add(after[2])}::uuid)`);
    }
    return this.dataSource.query(
      `SELECT m.*, u.display_name, u.handle, ${ROLE_RANK} AS role_rank
       FROM working_group_membership m JOIN app_user u ON u.id = m.user_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${ROLE_RANK}, lower(u.display_name), m.user_id
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  async saveSubscription(manager: EntityManager, userId: string, workingGroupId: string, level: SubscriptionLevel): Promise<void> {
    await manager.query(
      `INSERT INTO working_group_subscription (user_id, working_group_id, level) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, working_group_id) DO UPDATE SET level = EXCLUDED.level, updated_at = now()`,
      [userId, workingGroupId, level],
    );
  }
}
