import { Injectable } from '@nestjs/common';
import { containsPattern, CursorValues, isUuid } from '@meridian/common';
import { Database, SqlParams, Transaction, unlessUniqueViolation } from '@meridian/database';
import type { JoinPolicy, WorkingGroupStatus, WorkingGroupVisibility } from './entities/working-group.entity';
import type { MembershipRole, MembershipState } from './entities/working-group-membership.entity';
import type { SubscriptionLevel } from './entities/working-group-subscription.entity';
import { groupContentVisibleSql, groupVisibleSql, Viewer, viewerParams, ViewerSql } from './working-group-visibility.sql';

export interface GroupRow {
  id: string;
  slug: string;
  name: string;
  mandate: string;
  visibility: WorkingGroupVisibility;
  joinPolicy: JoinPolicy;
  gcmObjectives: number[];
  countries: string[];
  status: WorkingGroupStatus;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  myRole: MembershipRole | null;
  myState: MembershipState | null;
  contentVisible: boolean;
}

/** A group as its page shows it: with the number of active members. */
export interface GroupWithCountRow extends GroupRow {
  memberCount: number;
}

export interface MembershipRow {
  workingGroupId: string;
  userId: string;
  role: MembershipRole;
  state: MembershipState;
  invitedById: string | null;
  joinedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberRow extends MembershipRow {
  displayName: string;
  handle: string;
  roleRank: number;
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

const PATCH_COLUMNS: Record<keyof GroupPatch, string> = {
  slug: 'slug', name: 'name', mandate: 'mandate', visibility: 'visibility', joinPolicy: 'join_policy', gcmObjectives: 'gcm_objectives', countries: 'countries',
};

const MEMBER_COUNT = `(SELECT count(*)::int FROM working_group_membership mc WHERE mc.working_group_id = g.id AND mc.state = 'active')`;
const ROLE_RANK = `CASE m.role WHEN 'chair' THEN 0 WHEN 'co_chair' THEN 1 WHEN 'member' THEN 2 ELSE 3 END`;
const MEMBERSHIP_COLUMNS = `m.working_group_id AS "workingGroupId", m.user_id AS "userId", m.role, m.state, m.invited_by_id AS "invitedById",
  m.joined_at AS "joinedAt", m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** The one SELECT of groups: the group, the viewer's membership and whether they see its content (+ the member count when asked). */
function selectGroups(who: ViewerSql, withMemberCount: boolean): string {
  return `SELECT g.id, g.slug, g.name, g.mandate, g.visibility, g.join_policy AS "joinPolicy", g.gcm_objectives AS "gcmObjectives", g.countries,
          g.status, g.archived_at AS "archivedAt", g.created_at AS "createdAt", g.updated_at AS "updatedAt",
          ${withMemberCount ? `${MEMBER_COUNT} AS "memberCount",` : ''}
          CASE WHEN m.state = 'active' THEN m.role END AS "myRole", m.state AS "myState",
          ${groupContentVisibleSql('g', who)} AS "contentVisible"
     FROM working_group g
     LEFT JOIN working_group_membership m ON m.working_group_id = g.id AND m.user_id = ${who.userId}`;
}

/** All SQL of working groups and their memberships. */
@Injectable()
export class WorkingGroupsRepository {
  constructor(private readonly db: Database) {}

  /**
   * A group by id or slug, only if the viewer may see it; with the viewer's membership and whether they see its
   * content. `lock` holds the group's row for the rest of `tx`.
   */
  findVisible(ref: string, viewer: Viewer | null, options?: { tx?: Transaction; lock?: boolean }): Promise<GroupRow | undefined>;
  findVisible(ref: string, viewer: Viewer | null, options: { tx?: Transaction; lock?: boolean; withMemberCount: true }): Promise<GroupWithCountRow | undefined>;
  async findVisible(ref: string, viewer: Viewer | null, options: { tx?: Transaction; lock?: boolean; withMemberCount?: boolean } = {}): Promise<GroupRow | undefined> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const key = isUuid(ref) ? `g.id = ${params.add(ref)}::uuid` : `g.slug = ${params.add(ref)}`;
    const rows: GroupRow[] = await this.db.write(options.tx).query(
      `${selectGroups(who, options.withMemberCount ?? false)}
       WHERE ${key} AND ${groupVisibleSql('g', who)}
       ${options.lock ? 'FOR UPDATE OF g' : ''}`,
      params.values,
    );
    return rows[0];
  }

  async list(filters: GroupFilters, viewer: Viewer | null, limit: number, after: CursorValues | undefined): Promise<GroupWithCountRow[]> {
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
    return this.db.read().query(
      `${selectGroups(who, true)}
       WHERE ${where.join(' AND ')}
       ORDER BY g.name, g.id
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  /** The new group's id, or 'slug_taken' when another group has the slug (any case). */
  async insert(tx: Transaction, group: NewGroup): Promise<string | 'slug_taken'> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO working_group (slug, name, mandate, visibility, join_policy, gcm_objectives, countries, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [group.slug, group.name, group.mandate, group.visibility, group.joinPolicy, group.gcmObjectives, group.countries, group.createdById],
    );
    return row?.id ?? 'slug_taken';
  }

  /** 'slug_taken' when the new slug is another group's: the transaction is then aborted, and the caller ends it. */
  async update(tx: Transaction, id: string, patch: GroupPatch): Promise<'updated' | 'slug_taken'> {
    const params = new SqlParams();
    const sets = (Object.keys(PATCH_COLUMNS) as (keyof GroupPatch)[])
      .filter((key) => patch[key] !== undefined)
      .map((key) => `${PATCH_COLUMNS[key]} = ${params.add(patch[key])}`);
    if (!sets.length) return 'updated';
    const statement = tx.query(`UPDATE working_group SET ${sets.join(', ')}, updated_at = now() WHERE id = ${params.add(id)}`, params.values);
    return unlessUniqueViolation(statement.then(() => 'updated' as const), 'slug_taken' as const);
  }

  async setStatus(tx: Transaction, id: string, status: WorkingGroupStatus): Promise<void> {
    await tx.query(
      `UPDATE working_group SET status = $2, archived_at = CASE WHEN $2 = 'archived' THEN now() END, updated_at = now() WHERE id = $1`,
      [id, status],
    );
  }

  /** Existing active users among `ids`. */
  async existingUserIds(tx: Transaction, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await tx.query(`SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND status = 'active'`, [ids]);
    return rows.map((row) => row.id);
  }

  async findUserId(tx: Transaction, by: { userId?: string; email?: string }): Promise<string | undefined> {
    const rows: { id: string }[] = by.userId
      ? await tx.query(`SELECT id FROM app_user WHERE id = $1 AND status = 'active'`, [by.userId])
      : await tx.query(`SELECT id FROM app_user WHERE email = $1 AND status = 'active'`, [by.email]);
    return rows[0]?.id;
  }

  /** Locks the membership row for the rest of `tx`. */
  async findMembership(tx: Transaction, workingGroupId: string, userId: string): Promise<MembershipRow | undefined> {
    const rows: MembershipRow[] = await tx.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM working_group_membership m WHERE m.working_group_id = $1 AND m.user_id = $2 FOR UPDATE`,
      [workingGroupId, userId],
    );
    return rows[0];
  }

  /** Creates or rewrites the membership (re-joining after `left`/`removed` reuses the row). */
  async saveMembership(
    tx: Transaction,
    membership: { workingGroupId: string; userId: string; role: MembershipRole; state: MembershipState; invitedById?: string | null; reason?: string | null },
  ): Promise<MembershipRow> {
    const [row] = await tx.query(
      `INSERT INTO working_group_membership AS m (working_group_id, user_id, role, state, invited_by_id, joined_at, reason)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'active' THEN now() END, $6)
       ON CONFLICT (working_group_id, user_id) DO UPDATE SET
         role = EXCLUDED.role, state = EXCLUDED.state,
         invited_by_id = COALESCE(EXCLUDED.invited_by_id, CASE WHEN EXCLUDED.state IN ('invited', 'active') THEN m.invited_by_id END),
         joined_at = CASE WHEN EXCLUDED.state = 'active' THEN CASE WHEN m.state = 'active' THEN m.joined_at ELSE now() END END,
         reason = EXCLUDED.reason, updated_at = now()
       RETURNING ${MEMBERSHIP_COLUMNS}`,
      [membership.workingGroupId, membership.userId, membership.role, membership.state, membership.invitedById ?? null, membership.reason ?? null],
    );
    return row;
  }

  async countActiveChairs(tx: Transaction, workingGroupId: string): Promise<number> {
    const [row] = await tx.query(
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
    return this.db.read().query(
      `SELECT ${MEMBERSHIP_COLUMNS}, u.display_name AS "displayName", u.handle, ${ROLE_RANK} AS "roleRank"
       FROM working_group_membership m JOIN app_user u ON u.id = m.user_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${ROLE_RANK}, lower(u.display_name), m.user_id
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  async saveSubscription(userId: string, workingGroupId: string, level: SubscriptionLevel): Promise<void> {
    await this.db.write().query(
      `INSERT INTO working_group_subscription (user_id, working_group_id, level) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, working_group_id) DO UPDATE SET level = EXCLUDED.level, updated_at = now()`,
      [userId, workingGroupId, level],
    );
  }
}
