import { Injectable } from '@nestjs/common';
import { escapeLike } from '@meridian/common';
import { Database, SqlParams, Transaction } from '@meridian/database';
import { isNetworkMemberSql } from '@meridian/organisations';
import {
  groupContentVisibleSql, MembershipRole, MembershipState, SubscriptionLevel, Viewer, viewerColumns, viewerParams, WorkingGroupStatus,
} from '@meridian/working-groups';
import { REACTION_EMOJIS } from './dto/post.dto';
import { threadVisibleSql } from './thread-visibility.sql';

/** A thread the viewer can see, with its group's status and the viewer's membership and read state. */
/** The author of a thread or post and their first approved organisation (null columns for a deleted account). */
export interface AuthorColumns {
  authorId: string | null;
  authorDisplayName: string | null;
  authorHandle: string | null;
  authorOrgId: string | null;
  authorOrgName: string | null;
  authorOrgAcronym: string | null;
}

export interface ThreadRow extends AuthorColumns {
  id: string;
  workingGroupId: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  isAnnouncement: boolean;
  postCount: number;
  lastPostSeq: number;
  lastActivityAt: Date;
  /** lastActivityAt as PostgreSQL text (microseconds kept), for cursors. */
  activityKey: string;
  createdAt: Date;
  groupStatus: WorkingGroupStatus;
  myRole: MembershipRole | null;
  myState: MembershipState | null;
  lastReadSeq: number;
  unreadCount: number;
}

export interface PostRow extends AuthorColumns {
  id: string;
  threadId: string;
  parentId: string | null;
  seq: number;
  body: string;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  reactions: { emoji: string; count: number; mine: boolean }[];
}

/** Where a post is and what the rules need to know about it. */
export interface PostRef {
  id: string;
  threadId: string;
  seq: number;
  authorId: string | null;
  deleted: boolean;
}

export interface RevisionRow {
  version: number;
  body: string;
  bodyHtml: string;
  writtenAt: Date;
  replacedAt: Date;
  replacedById: string | null;
}

export interface DirectoryUserRow {
  id: string;
  displayName: string;
  handle: string;
  organisations: { id: string; name: string; acronym: string | null }[];
}

/** The author and their first approved organisation, joined to `alias`.author_id. */
function authorJoin(alias: string): string {
  return `LEFT JOIN app_user au ON au.id = ${alias}.author_id
    LEFT JOIN LATERAL (
      SELECT o.id, o.name, o.acronym FROM organisation_membership om JOIN organisation o ON o.id = om.organisation_id
      WHERE om.user_id = au.id AND om.state = 'active' AND o.status = 'approved'
      ORDER BY om.created_at, o.id LIMIT 1) ao ON true`;
}
const AUTHOR_COLUMNS = `au.display_name AS "authorDisplayName", au.handle AS "authorHandle",
  ao.id AS "authorOrgId", ao.name AS "authorOrgName", ao.acronym AS "authorOrgAcronym"`;
const POST_COLUMNS = `p.id, p.thread_id AS "threadId", p.parent_id AS "parentId", p.seq, p.body, p.body_html AS "bodyHtml",
  p.created_at AS "createdAt", p.edited_at AS "editedAt", p.deleted_at AS "deletedAt", p.author_id AS "authorId"`;

/** Unread posts of thread `t` for a member whose read state is `rs` (own posts are never unread). */
const UNREAD = `GREATEST(0, t.last_post_seq - COALESCE(rs.last_read_seq, 0) - COALESCE(rs.own_posts_after_read, 0))`;

const EMOJI_ORDER = `ARRAY[${REACTION_EMOJIS.map((emoji) => `'${emoji}'`).join(', ')}]::text[]`;

/** All SQL of threads, posts, reactions, mentions, read states and thread subscriptions. */
@Injectable()
export class DiscussionsRepository {
  constructor(private readonly db: Database) {}

  /** `viewerId` is an SQL expression (a parameter) for the caller's id. */
  private threadSelect(viewerId: string): string {
    return `SELECT t.id, t.working_group_id AS "workingGroupId", t.title, t.author_id AS "authorId", t.pinned, t.locked,
        t.is_announcement AS "isAnnouncement", t.post_count AS "postCount", t.last_post_seq AS "lastPostSeq",
        t.last_activity_at AS "lastActivityAt", t.last_activity_at::text AS "activityKey", t.created_at AS "createdAt",
        g.status AS "groupStatus", CASE WHEN m.state = 'active' THEN m.role END AS "myRole", m.state AS "myState",
        COALESCE(rs.last_read_seq, 0) AS "lastReadSeq",
        CASE WHEN m.state = 'active' THEN ${UNREAD} ELSE 0 END AS "unreadCount",
        ${AUTHOR_COLUMNS}
      FROM thread t
      JOIN working_group g ON g.id = t.working_group_id
      LEFT JOIN working_group_membership m ON m.working_group_id = g.id AND m.user_id = ${viewerId}
      LEFT JOIN thread_read_state rs ON rs.thread_id = t.id AND rs.user_id = ${viewerId}
      ${authorJoin('t')}`;
  }

  async findThread(threadId: string, viewer: Viewer | null, tx?: Transaction): Promise<ThreadRow | undefined> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const rows: ThreadRow[] = await this.db.write(tx).query(
      `${this.threadSelect(who.userId)} WHERE t.id = ${params.add(threadId)}::uuid AND ${threadVisibleSql('t', 'g', who)}`,
      params.values,
    );
    return rows[0];
  }

  /** Pinned first, then latest activity; keyset on (pinned, last_activity_at, id), all descending. */
  async listThreads(workingGroupId: string, viewer: Viewer | null, limit: number, after?: [boolean, string, string]): Promise<ThreadRow[]> {
    const params = new SqlParams();
    const select = this.threadSelect(`${params.add(viewer?.id ?? null)}::uuid`);
    const where = [`t.working_group_id = ${params.add(workingGroupId)}::uuid`, `t.deleted_at IS NULL`];
    if (after) {
      where.push(`(t.pinned, t.last_activity_at, t.id) < (${params.add(after[0])}::boolean, ${params.add(after[1])}::timestamptz, ${params.add(after[2])}::uuid)`);
    }
    return this.db.read().query(
      `${select} WHERE ${where.join(' AND ')} ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  async insertThread(tx: Transaction, thread: { workingGroupId: string; title: string; authorId: string; isAnnouncement: boolean }): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO thread (working_group_id, title, author_id, is_announcement, post_count, last_post_seq) VALUES ($1, $2, $3, $4, 0, 0) RETURNING id`,
      [thread.workingGroupId, thread.title, thread.authorId, thread.isAnnouncement],
    );
    return row.id;
  }

  /**
   * Hands out the next seq atomically (the row lock serialises posts of one thread). Undefined when the
   * thread is gone, or locked and `evenIfLocked` is false.
   */
  async nextSeq(tx: Transaction, threadId: string, evenIfLocked: boolean): Promise<number | undefined> {
    const [rows]: [{ seq: number }[], number] = await tx.query(
      `UPDATE thread SET last_post_seq = last_post_seq + 1, post_count = post_count + 1, last_activity_at = now(), updated_at = now()
       WHERE id = $1 AND deleted_at IS NULL AND ($2::boolean OR NOT locked) RETURNING last_post_seq AS seq`,
      [threadId, evenIfLocked],
    );
    return rows[0]?.seq;
  }

  /** Inserts a post and answers it as a post page would show it (author, organisation, no reactions yet): no re-read. */
  async insertPost(
    tx: Transaction,
    post: { threadId: string; seq: number; parentId: string | null; authorId: string; body: string; bodyHtml: string },
  ): Promise<PostRow> {
    const [row] = await tx.query(
      `WITH p AS (
         INSERT INTO post (thread_id, seq, parent_id, author_id, body, body_html) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT ${POST_COLUMNS}, ${AUTHOR_COLUMNS}, '[]'::json AS reactions
       FROM p ${authorJoin('p')}`,
      [post.threadId, post.seq, post.parentId, post.authorId, post.body, post.bodyHtml],
    );
    return row;
  }

  /** The author of a new post at `seq`: caught up → read through it; otherwise it is one more own post after the read mark. */
  async recordOwnPost(tx: Transaction, userId: string, threadId: string, seq: number): Promise<void> {
    await tx.query(
      `INSERT INTO thread_read_state AS rs (user_id, thread_id, last_read_seq, own_posts_after_read)
       VALUES ($1, $2, CASE WHEN $3::int = 1 THEN 1 ELSE 0 END, CASE WHEN $3::int = 1 THEN 0 ELSE 1 END)
       ON CONFLICT (user_id, thread_id) DO UPDATE SET
         last_read_seq = CASE WHEN rs.last_read_seq + rs.own_posts_after_read >= $3::int - 1 THEN $3::int ELSE rs.last_read_seq END,
         own_posts_after_read = CASE WHEN rs.last_read_seq + rs.own_posts_after_read >= $3::int - 1 THEN 0 ELSE rs.own_posts_after_read + 1 END,
         updated_at = now()`,
      [userId, threadId, seq],
    );
  }

  /** Moves the read mark forward to `seq` (never back); returns the resulting mark and unread count. */
  async markThreadRead(tx: Transaction, userId: string, threadId: string, seq: number): Promise<{ lastReadSeq: number; unreadCount: number }> {
    const [row] = await tx.query(
      `WITH target AS (
         SELECT GREATEST($3::int, COALESCE((SELECT last_read_seq FROM thread_read_state WHERE user_id = $1 AND thread_id = $2), 0)) AS seq)
       INSERT INTO thread_read_state (user_id, thread_id, last_read_seq, own_posts_after_read)
       SELECT $1, $2, target.seq, (SELECT count(*)::int FROM post p WHERE p.thread_id = $2 AND p.seq > target.seq AND p.author_id = $1) FROM target
       ON CONFLICT (user_id, thread_id) DO UPDATE SET
         last_read_seq = EXCLUDED.last_read_seq, own_posts_after_read = EXCLUDED.own_posts_after_read, updated_at = now()
       RETURNING last_read_seq AS "lastReadSeq", own_posts_after_read AS "ownPostsAfterRead"`,
      [userId, threadId, seq],
    );
    const [thread] = await tx.query(`SELECT last_post_seq AS "lastPostSeq" FROM thread WHERE id = $1`, [threadId]);
    return { lastReadSeq: row.lastReadSeq, unreadCount: Math.max(0, thread.lastPostSeq - row.lastReadSeq - row.ownPostsAfterRead) };
  }

  async markGroupRead(tx: Transaction, userId: string, workingGroupId: string): Promise<number> {
    const rows = await tx.query(
      `INSERT INTO thread_read_state (user_id, thread_id, last_read_seq, own_posts_after_read)
       SELECT $1, t.id, t.last_post_seq, 0 FROM thread t WHERE t.working_group_id = $2 AND t.deleted_at IS NULL
       ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq, own_posts_after_read = 0, updated_at = now()
       RETURNING thread_id`,
      [userId, workingGroupId],
    );
    return rows.length;
  }

  async unreadByGroup(userId: string, workingGroupIds: string[]): Promise<{ workingGroupId: string; unread: number }[]> {
    return this.db.read().query(
      `SELECT t.working_group_id AS "workingGroupId", COALESCE(sum(${UNREAD}), 0)::int AS unread
       FROM thread t LEFT JOIN thread_read_state rs ON rs.thread_id = t.id AND rs.user_id = $1
       WHERE t.working_group_id = ANY($2::uuid[]) AND t.deleted_at IS NULL
       GROUP BY t.working_group_id`,
      [userId, workingGroupIds],
    );
  }

  async updateThread(tx: Transaction, threadId: string, patch: { title?: string; pinned?: boolean; locked?: boolean }): Promise<void> {
    await tx.query(
      `UPDATE thread SET title = COALESCE($2, title), pinned = COALESCE($3, pinned), locked = COALESCE($4, locked), updated_at = now() WHERE id = $1`,
      [threadId, patch.title ?? null, patch.pinned ?? null, patch.locked ?? null],
    );
  }

  async softDeleteThread(tx: Transaction, threadId: string, deletedById: string): Promise<void> {
    await tx.query(`UPDATE thread SET deleted_at = now(), deleted_by_id = $2, updated_at = now() WHERE id = $1`, [threadId, deletedById]);
  }

  /** Posts of a visible thread, oldest first, from after `afterSeq`; with authors and reactions. */
  async listPosts(threadId: string, viewerId: string | null, afterSeq: number, limit: number): Promise<PostRow[]> {
    return this.db.read().query(
      `${this.postSelect()} WHERE p.thread_id = $2 AND p.seq > $3 ORDER BY p.seq LIMIT $4`,
      [viewerId, threadId, afterSeq, limit + 1],
    );
  }

  async findPostRow(postId: string, viewerId: string | null, tx?: Transaction): Promise<PostRow | undefined> {
    const rows: PostRow[] = await this.db.write(tx).query(`${this.postSelect()} WHERE p.id = $2`, [viewerId, postId]);
    return rows[0];
  }

  private postSelect(): string {
    return `SELECT ${POST_COLUMNS}, ${AUTHOR_COLUMNS},
        COALESCE((SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.count, 'mine', r.mine) ORDER BY array_position(${EMOJI_ORDER}, r.emoji))
                  FROM (SELECT emoji, count(*)::int AS count, COALESCE(bool_or(user_id = $1::uuid), false) AS mine
                        FROM post_reaction WHERE post_id = p.id GROUP BY emoji) r), '[]'::json) AS reactions
      FROM post p ${authorJoin('p')}`;
  }

  /** A post's place: its thread (for the visibility check) and facts the rules need. */
  async findPostRef(postId: string): Promise<PostRef | undefined> {
    const rows = await this.db.write().query(
      `SELECT id, thread_id AS "threadId", seq, author_id AS "authorId", deleted_at IS NOT NULL AS deleted FROM post WHERE id = $1`,
      [postId],
    );
    return rows[0];
  }

  async findPostInThread(threadId: string, postId: string, tx?: Transaction): Promise<{ id: string; seq: number; authorId: string | null } | undefined> {
    const rows = await this.db.write(tx).query(`SELECT id, seq, author_id AS "authorId" FROM post WHERE id = $1 AND thread_id = $2`, [postId, threadId]);
    return rows[0];
  }

  async findPostIdBySeq(threadId: string, seq: number): Promise<string | null> {
    const rows = await this.db.write().query(`SELECT id FROM post WHERE thread_id = $1 AND seq = $2`, [threadId, seq]);
    return rows[0]?.id ?? null;
  }

  /** Keeps the replaced text as a revision, then writes the new one. */
  async editPost(tx: Transaction, postId: string, editorId: string, body: string, bodyHtml: string): Promise<void> {
    await tx.query(
      `INSERT INTO post_revision (post_id, version, body, body_html, written_at, replaced_by_id)
       SELECT p.id, (SELECT count(*) FROM post_revision r WHERE r.post_id = p.id) + 1, p.body, p.body_html, COALESCE(p.edited_at, p.created_at), $2
       FROM post p WHERE p.id = $1`,
      [postId, editorId],
    );
    await tx.query(`UPDATE post SET body = $2, body_html = $3, edited_at = now() WHERE id = $1`, [postId, body, bodyHtml]);
  }

  async lockPost(tx: Transaction, postId: string): Promise<{ body: string; deleted: boolean } | undefined> {
    const rows = await tx.query(`SELECT body, deleted_at IS NOT NULL AS deleted FROM post WHERE id = $1 FOR UPDATE`, [postId]);
    return rows[0];
  }

  async softDeletePost(tx: Transaction, postId: string, threadId: string, deletedById: string): Promise<boolean> {
    // UPDATE answers [rows, affected] through TypeORM's query().
    const [rows]: [unknown[], number] = await tx.query(
      `UPDATE post SET deleted_at = now(), deleted_by_id = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [postId, deletedById],
    );
    if (rows.length) await tx.query(`UPDATE thread SET post_count = post_count - 1, updated_at = now() WHERE id = $1`, [threadId]);
    return rows.length > 0;
  }

  async listRevisions(postId: string, limit: number, beforeVersion?: number): Promise<RevisionRow[]> {
    return this.db.read().query(
      `SELECT version, body, body_html AS "bodyHtml", written_at AS "writtenAt", replaced_at AS "replacedAt", replaced_by_id AS "replacedById" FROM post_revision
       WHERE post_id = $1 AND ($2::int IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
      [postId, beforeVersion ?? null, limit + 1],
    );
  }

  async addReaction(postId: string, userId: string, emoji: string): Promise<void> {
    await this.db.write().query(`INSERT INTO post_reaction (post_id, user_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [postId, userId, emoji]);
  }

  async removeReaction(postId: string, userId: string, emoji: string): Promise<void> {
    await this.db.write().query(`DELETE FROM post_reaction WHERE post_id = $1 AND user_id = $2 AND emoji = $3`, [postId, userId, emoji]);
  }

  /**
   * Resolves `@handles` to active users who can see the thread's group content (the same predicate as
   * every read), leaving out the author.
   */
  async resolveMentions(tx: Transaction, workingGroupId: string, handles: string[], authorId: string): Promise<string[]> {
    if (!handles.length) return [];
    const rows: { id: string }[] = await tx.query(
      `SELECT u.id FROM app_user u JOIN working_group g ON g.id = $1
       WHERE u.handle = ANY($2::citext[]) AND u.status = 'active' AND u.id <> $3 AND ${groupContentVisibleSql('g', viewerColumns('u'))}`,
      [workingGroupId, handles, authorId],
    );
    return rows.map((row) => row.id);
  }

  /** Inserts mentions and returns the users not mentioned in this post before. */
  async addMentions(tx: Transaction, postId: string, userIds: string[]): Promise<string[]> {
    if (!userIds.length) return [];
    const rows: { userId: string }[] = await tx.query(
      `INSERT INTO post_mention (post_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`,
      [postId, userIds],
    );
    return rows.map((row) => row.userId);
  }

  async saveThreadSubscription(userId: string, threadId: string, level: SubscriptionLevel): Promise<void> {
    await this.db.write().query(
      `INSERT INTO thread_subscription (user_id, thread_id, level) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, thread_id) DO UPDATE SET level = EXCLUDED.level, updated_at = now()`,
      [userId, threadId, level],
    );
  }

  /** Room authorisation: the thread's group when the viewer may read the thread. */
  async visibleThreadGroup(threadId: string, viewer: Viewer): Promise<string | undefined> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const rows: { workingGroupId: string }[] = await this.db.write().query(
      `SELECT t.working_group_id AS "workingGroupId" FROM thread t JOIN working_group g ON g.id = t.working_group_id
       WHERE t.id = ${params.add(threadId)}::uuid AND ${threadVisibleSql('t', 'g', who)}`,
      params.values,
    );
    return rows[0]?.workingGroupId;
  }

  async groupContentVisible(workingGroupId: string, viewer: Viewer): Promise<boolean> {
    const params = new SqlParams();
    const who = viewerParams(params, viewer);
    const rows = await this.db.write().query(
      `SELECT 1 FROM working_group g WHERE g.id = ${params.add(workingGroupId)}::uuid AND ${groupContentVisibleSql('g', who)}`,
      params.values,
    );
    return rows.length > 0;
  }

  /** Network members and secretariat users matching `q`, optionally only those who can see a thread. */
  async searchUsers(q: string | undefined, threadId: string | undefined, limit: number, after?: [string, string]): Promise<DirectoryUserRow[]> {
    const params = new SqlParams();
    const where = [`u.status = 'active'`, `(u.platform_role IN ('secretariat', 'admin') OR ${isNetworkMemberSql('u.id')})`];
    if (q) {
      const text = escapeLike(q.trim().replace(/^@/, '').toLowerCase());
      where.push(`(lower(u.handle::text) LIKE ${params.add(`${text}%`)} OR lower(u.display_name) LIKE ${params.add(`%${text}%`)})`);
    }
    if (threadId) {
      where.push(`EXISTS (SELECT 1 FROM thread t JOIN working_group g ON g.id = t.working_group_id
        WHERE t.id = ${params.add(threadId)}::uuid AND ${threadVisibleSql('t', 'g', viewerColumns('u'))})`);
    }
    if (after) where.push(`(lower(u.handle::text), u.id) > (${params.add(after[0])}::text, ${params.add(after[1])}::uuid)`);
    return this.db.read().query(
      `SELECT u.id, u.display_name AS "displayName", u.handle,
         COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym) ORDER BY o.name)
                   FROM organisation_membership om JOIN organisation o ON o.id = om.organisation_id
                   WHERE om.user_id = u.id AND om.state = 'active' AND o.status = 'approved'), '[]'::json) AS organisations
       FROM app_user u WHERE ${where.join(' AND ')}
       ORDER BY lower(u.handle::text), u.id LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }
}
