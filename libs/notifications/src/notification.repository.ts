import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { defaultPreferencesSql, EmailChannel, EmailState, InAppChannel, NOTIFICATION_TYPE_NAMES, NOTIFICATION_TYPES } from './notification-types';

export interface OutboxEventRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  state: 'pending' | 'relayed' | 'done';
}

export interface NotificationRow {
  id: string;
  recipientId: string;
  type: string;
  sourceEventId: string | null;
  payload: Record<string, unknown>;
  link: string;
  createdAt: string;
  readAt: string | null;
  inApp: boolean;
  emailState: EmailState;
}

export interface FanoutPageResult {
  /** Recipients considered in this page (before preferences); fewer than the limit means the last page. */
  pageSize: number;
  lastRecipientId: string | null;
  inserted: NotificationRow[];
  /** Recipients of this page whose immediate mail was queued by an earlier, interrupted run. */
  queuedBefore: string[];
}

export interface EmailRecipientRow extends NotificationRow {
  email: string;
  displayName: string;
  userActive: boolean;
}

export interface DueDigestRow {
  userId: string;
  period: 'daily' | 'weekly';
  ledgerKind: string;
  before: string;
}

export type LedgerClaim = 'send' | 'skip' | 'unknown' | 'capped';

const NOTIFICATION_COLUMNS = `n.id, n.recipient_id AS "recipientId", n.type, n.source_event_id::text AS "sourceEventId", n.payload, n.link,
  n.created_at AS "createdAt", n.read_at AS "readAt", n.in_app AS "inApp", n.email_state AS "emailState"`;

/** Types whose mail never waits for a digest. */
const IGNORES_DIGEST = NOTIFICATION_TYPE_NAMES.filter((type) => 'ignoresDigest' in NOTIFICATION_TYPES[type]);

/** Every SQL statement of the notification engine. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ── outbox relay ────────────────────────────────────────────────────────────

  /** Pending events, and relayed ones not done after `staleSeconds` (lost with Redis), locked for this relay only. */
  async lockRelayable(manager: EntityManager, limit: number, staleSeconds: number): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id::text AS id FROM outbox_event
       WHERE state = 'pending' OR (state = 'relayed' AND relayed_at < now() - make_interval(secs => $2))
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, staleSeconds],
    );
    return rows.map((row) => row.id);
  }

  async markRelayed(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(
      `UPDATE outbox_event SET state = 'relayed', relayed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[]) AND state <> 'done'`,
      [ids],
    );
  }

  /** Only `done` events are ever pruned (notifications keep their row, with the event reference cleared). */
  async pruneDoneEvents(olderThanDays: number, limit = 5000): Promise<number> {
    const [, deleted] = await this.dataSource.query(
      `DELETE FROM outbox_event WHERE id IN (
         SELECT id FROM outbox_event WHERE state = 'done' AND done_at < now() - make_interval(days => $1) LIMIT $2)
       RETURNING id`,
      [olderThanDays, limit],
    );
    return deleted;
  }

  /** Immediate mail still `queued` after a while: its job may have been lost with Redis. */
  async staleQueuedEmails(olderThanSeconds: number, limit: number): Promise<{ eventId: string; userId: string }[]> {
    return this.dataSource.query(
      `SELECT source_event_id::text AS "eventId", recipient_id AS "userId" FROM notification
       WHERE email_state = 'queued' AND created_at < now() - make_interval(secs => $1) AND source_event_id IS NOT NULL
       ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  // ── fan-out ─────────────────────────────────────────────────────────────────

  async findEvent(id: string): Promise<OutboxEventRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT id::text AS id, type, payload, actor_id AS "actorId", state FROM outbox_event WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The actor's name plus what the event's resolver adds (group name, thread title…). */
  async eventContext(contextSql: string | undefined, payload: Record<string, unknown>, actorId: string | null): Promise<Record<string, unknown>> {
    const [actor] = actorId ? await this.dataSource.query(`SELECT display_name AS "actorName" FROM app_user WHERE id = $1`, [actorId]) : [];
    const [context] = contextSql ? await this.dataSource.query(contextSql, [JSON.stringify(payload)]) : [];
    return { ...(actor ?? {}), ...(context ?? {}) };
  }

  /**
   * One page of the fan-out in ONE statement: the next `limit` candidates after `cursor` (by recipient id,
   * the most specific type per recipient, the actor and inactive users dropped), preferences applied,
   * notifications inserted with ON CONFLICT (event, recipient) DO NOTHING.
   */
  async insertPage(input: {
    eventId: string;
    candidatesSql: string;
    eventPayload: Record<string, unknown>;
    actorId: string | null;
    cursor: string | null;
    limit: number;
    notificationPayload: Record<string, unknown>;
    link: string;
  }): Promise<FanoutPageResult> {
    const [row] = await this.dataSource.query(
      // `params` types $1 for resolvers that do not read the payload.
      `WITH params AS (SELECT $1::jsonb AS payload),
       page AS MATERIALIZED (
         SELECT DISTINCT ON (c.recipient_id) c.recipient_id, c.type, c.email_immediate
         FROM (${input.candidatesSql}) c
         WHERE c.recipient_id IS NOT NULL AND ($3::uuid IS NULL OR c.recipient_id > $3::uuid) AND c.recipient_id IS DISTINCT FROM $2::uuid
         ORDER BY c.recipient_id, c.rank
         LIMIT $4
       ),
       channels AS (
         SELECT p.recipient_id, p.type, COALESCE(np.in_app, d.in_app) AS in_app,
           CASE WHEN COALESCE(np.email, d.email) = 'off' THEN 'none'
                WHEN COALESCE(np.email, d.email) = 'immediate' OR p.email_immediate OR p.type = ANY($8::text[]) THEN 'queued'
                ELSE COALESCE(np.email, d.email) END AS email_state
         FROM page p
         JOIN app_user u ON u.id = p.recipient_id AND u.status = 'active'
         JOIN (VALUES ${defaultPreferencesSql()}) AS d(type, in_app, email) ON d.type = p.type
         LEFT JOIN notification_preference np ON np.user_id = p.recipient_id AND np.type = p.type
       ),
       inserted AS (
         INSERT INTO notification (recipient_id, type, source_event_id, payload, link, in_app, email_state)
         SELECT recipient_id, type, $5::bigint, $6::jsonb, $7, in_app = 'immediate', email_state
         FROM channels WHERE in_app = 'immediate' OR email_state <> 'none'
         ON CONFLICT (source_event_id, recipient_id) DO NOTHING
         RETURNING id, recipient_id AS "recipientId", type, source_event_id::text AS "sourceEventId", payload, link,
           created_at AS "createdAt", read_at AS "readAt", in_app AS "inApp", email_state AS "emailState"
       )
       SELECT
         (SELECT count(*) FROM page)::int AS "pageSize",
         (SELECT recipient_id FROM page ORDER BY recipient_id DESC LIMIT 1) AS "lastRecipientId",
         COALESCE((SELECT json_agg(i) FROM inserted i), '[]') AS inserted,
         COALESCE((SELECT json_agg(n.recipient_id) FROM notification n
                   WHERE n.source_event_id = $5::bigint AND n.email_state = 'queued' AND n.recipient_id IN (SELECT recipient_id FROM page)), '[]') AS "queuedBefore"`,
      [
        JSON.stringify(input.eventPayload),
        input.actorId,
        input.cursor,
        input.limit,
        input.eventId,
        JSON.stringify(input.notificationPayload),
        input.link,
        IGNORES_DIGEST,
      ],
    );
    return row;
  }

  async markEventDone(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_event SET state = 'done', done_at = now() WHERE id = $1`, [id]);
  }

  // ── immediate mail ──────────────────────────────────────────────────────────

  async findForEmail(eventId: string, userId: string): Promise<EmailRecipientRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${NOTIFICATION_COLUMNS}, u.email, u.display_name AS "displayName", u.status = 'active' AS "userActive"
       FROM notification n JOIN app_user u ON u.id = n.recipient_id
       WHERE n.source_event_id = $1 AND n.recipient_id = $2`,
      [eventId, userId],
    );
    return row ?? null;
  }

  /**
   * Decides, in one transaction, whether this attempt may send: a fresh ledger row `sending` (unless the
   * 24-hour cap is reached: the notification then waits for the daily digest), a `failed` row retried,
   * and a row found `sending` — a crash mid-send — turned `unknown`, never sent again.
   */
  async claimImmediate(eventId: string, userId: string, dailyCap: number): Promise<LedgerClaim> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('email-ledger:' || $1))`, [userId]);
      const [existing] = await manager.query(
        `SELECT state FROM email_ledger WHERE source_id = $1 AND recipient_id = $2 AND kind = 'immediate' FOR UPDATE`,
        [eventId, userId],
      );
      if (!existing) {
        const [{ count }] = await manager.query(
          `SELECT count(*)::int AS count FROM email_ledger
           WHERE recipient_id = $1 AND kind = 'immediate' AND state <> 'failed' AND created_at > now() - interval '24 hours'`,
          [userId],
        );
        if (count >= dailyCap) {
          await this.setEmailState(manager, eventId, userId, 'daily');
          return 'capped';
        }
        await manager.query(`INSERT INTO email_ledger (source_id, recipient_id, kind, state) VALUES ($1, $2, 'immediate', 'sending')`, [eventId, userId]);
        await this.setEmailState(manager, eventId, userId, 'sending');
        return 'send';
      }
      if (existing.state === 'sending') {
        await manager.query(
          `UPDATE email_ledger SET state = 'unknown', updated_at = now() WHERE source_id = $1 AND recipient_id = $2 AND kind = 'immediate'`,
          [eventId, userId],
        );
        await this.setEmailState(manager, eventId, userId, 'unknown');
        return 'unknown';
      }
      if (existing.state === 'failed') {
        await manager.query(
          `UPDATE email_ledger SET state = 'sending', attempts = attempts + 1, updated_at = now() WHERE source_id = $1 AND recipient_id = $2 AND kind = 'immediate'`,
          [eventId, userId],
        );
        await this.setEmailState(manager, eventId, userId, 'sending');
        return 'send';
      }
      await this.setEmailState(manager, eventId, userId, existing.state);
      return 'skip';
    });
  }

  async finishLedger(sourceId: string, userId: string, kind: string, outcome: 'sent' | 'failed', error?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE email_ledger SET state = $4, last_error = $5, updated_at = now(), sent_at = CASE WHEN $4 = 'sent' THEN now() END
         WHERE source_id = $1 AND recipient_id = $2 AND kind = $3`,
        [sourceId, userId, kind, outcome, error?.slice(0, 1000) ?? null],
      );
      if (kind === 'immediate') await this.setEmailState(manager, sourceId, userId, outcome);
    });
  }

  /** A queued mail that will not be sent (the recipient was disabled meanwhile): no longer waits to be re-queued. */
  async dropQueuedEmail(eventId: string, userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET email_state = 'none' WHERE source_event_id = $1 AND recipient_id = $2 AND email_state = 'queued'`,
      [eventId, userId],
    );
  }

  private async setEmailState(manager: EntityManager, eventId: string, userId: string, state: EmailState): Promise<void> {
    await manager.query(`UPDATE notification SET email_state = $3 WHERE source_event_id = $1 AND recipient_id = $2`, [eventId, userId, state]);
  }

  // ── digests ─────────────────────────────────────────────────────────────────

  /**
   * Users with digest items waiting whose period began (07:00 local, Mondays for weekly) after the oldest
   * waiting item and who have no ledger row for that period yet. The period is named by the local date
   * of its 07:00: `digest:2026-11-23`, `digest:week-2026-11-23`.
   */
  async findDueDigests(now: Date, after: { userId: string; period: string } | null = null, limit = 1000): Promise<DueDigestRow[]> {
    return this.dataSource.query(
      `WITH pending AS (
         SELECT n.recipient_id, n.email_state AS period, min(n.created_at) AS oldest
         FROM notification n WHERE n.email_state IN ('daily', 'weekly') AND n.digest_key IS NULL
           AND ($3::uuid IS NULL OR (n.recipient_id, n.email_state) > ($3::uuid, $4::text))
         GROUP BY n.recipient_id, n.email_state
       ),
       periods AS (
         SELECT p.recipient_id, p.period, p.oldest, u.timezone,
           CASE WHEN p.period = 'daily' THEN (($1::timestamptz AT TIME ZONE u.timezone) - interval '7 hours')::date
                ELSE date_trunc('week', ($1::timestamptz AT TIME ZONE u.timezone) - interval '7 hours')::date END AS period_date
         FROM pending p JOIN app_user u ON u.id = p.recipient_id AND u.status = 'active'
       ),
       named AS (
         SELECT recipient_id, period, oldest,
           (CASE WHEN period = 'daily' THEN 'digest:' ELSE 'digest:week-' END) || to_char(period_date, 'YYYY-MM-DD') AS ledger_kind,
           (period_date + time '07:00') AT TIME ZONE timezone AS period_start
         FROM periods
       )
       SELECT recipient_id AS "userId", period, ledger_kind AS "ledgerKind", period_start AS "before"
       FROM named
       WHERE oldest < period_start
         AND NOT EXISTS (SELECT 1 FROM email_ledger l WHERE l.source_id = 'digest' AND l.recipient_id = named.recipient_id AND l.kind = named.ledger_kind)
       ORDER BY recipient_id, period
       LIMIT $2`,
      [now.toISOString(), limit, after?.userId ?? null, after?.period ?? null],
    );
  }

  /** Like claimImmediate for one digest; a fresh claim takes the waiting items, so no item is in two digests. */
  async claimDigest(userId: string, period: 'daily' | 'weekly', ledgerKind: string, before: string): Promise<LedgerClaim> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO email_ledger (source_id, recipient_id, kind, state) VALUES ('digest', $1, $2, 'sending')
         ON CONFLICT (source_id, recipient_id, kind) DO NOTHING RETURNING id`,
        [userId, ledgerKind],
      );
      if (inserted.length) {
        const [, claimed] = await manager.query(
          `UPDATE notification SET email_state = 'digested', digest_key = $3
           WHERE recipient_id = $1 AND email_state = $2 AND digest_key IS NULL AND created_at < $4 RETURNING id`,
          [userId, period, ledgerKind, before],
        );
        if (claimed === 0) {
          // Nothing to say: no mail, and no ledger row (a later item may still make this period's digest).
          await manager.query(`DELETE FROM email_ledger WHERE source_id = 'digest' AND recipient_id = $1 AND kind = $2`, [userId, ledgerKind]);
          return 'skip';
        }
        return 'send';
      }
      const [existing] = await manager.query(
        `SELECT state FROM email_ledger WHERE source_id = 'digest' AND recipient_id = $1 AND kind = $2 FOR UPDATE`,
        [userId, ledgerKind],
      );
      if (existing?.state === 'sending') {
        await manager.query(`UPDATE email_ledger SET state = 'unknown', updated_at = now() WHERE source_id = 'digest' AND recipient_id = $1 AND kind = $2`, [userId, ledgerKind]);
        return 'unknown';
      }
      if (existing?.state === 'failed') {
        await manager.query(
          `UPDATE email_ledger SET state = 'sending', attempts = attempts + 1, updated_at = now() WHERE source_id = 'digest' AND recipient_id = $1 AND kind = $2`,
          [userId, ledgerKind],
        );
        return 'send';
      }
      return 'skip';
    });
  }

  async digestItems(userId: string, ledgerKind: string): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE n.recipient_id = $1 AND n.digest_key = $2 ORDER BY n.created_at, n.id`,
      [userId, ledgerKind],
    );
  }

  async findUser(userId: string): Promise<{ id: string; email: string; displayName: string; active: boolean } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, email, display_name AS "displayName", status = 'active' AS active FROM app_user WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  // ── in-app API ──────────────────────────────────────────────────────────────

  /** Newest first; the cursor is (created_at in µs since the epoch, id). */
  async list(userId: string, options: { unreadOnly: boolean; limit: number; after?: [string, string] }): Promise<(NotificationRow & { position: string })[]> {
    const params: unknown[] = [userId, options.limit + 1];
    let keyset = '';
    if (options.after) {
      params.push(options.after[0], options.after[1]);
      keyset = `AND (n.created_at, n.id) < ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid)`;
    }
    return this.dataSource.query(
      `SELECT ${NOTIFICATION_COLUMNS}, (extract(epoch FROM n.created_at) * 1000000)::bigint::text AS position
       FROM notification n
       WHERE n.recipient_id = $1 AND n.in_app ${options.unreadOnly ? 'AND n.read_at IS NULL' : ''} ${keyset}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
  }

  async markRead(userId: string, id: string): Promise<NotificationRow | null> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [[row]] = await this.dataSource.query(
      `UPDATE notification n SET read_at = COALESCE(n.read_at, now())
       WHERE n.id = $1 AND n.recipient_id = $2 AND n.in_app RETURNING ${NOTIFICATION_COLUMNS}`,
      [id, userId],
    );
    return row ?? null;
  }

  async markAllRead(userId: string): Promise<number> {
    const [, updated] = await this.dataSource.query(
      `UPDATE notification SET read_at = now() WHERE recipient_id = $1 AND in_app AND read_at IS NULL`,
      [userId],
    );
    return updated;
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE recipient_id = $1 AND in_app AND read_at IS NULL`, [userId]);
    return row.count;
  }

  // ── preferences ─────────────────────────────────────────────────────────────

  async preferences(userId: string): Promise<{ type: string; inApp: InAppChannel; email: EmailChannel }[]> {
    return this.dataSource.query(`SELECT type, in_app AS "inApp", email FROM notification_preference WHERE user_id = $1`, [userId]);
  }

  async savePreferences(userId: string, rows: { type: string; inApp: InAppChannel; email: EmailChannel }[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO notification_preference (user_id, type, in_app, email)
       SELECT $1, r.type, r.in_app, r.email FROM jsonb_to_recordset($2::jsonb) AS r(type text, in_app text, email text)
       ON CONFLICT (user_id, type) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email, updated_at = now()`,
      [userId, JSON.stringify(rows.map((row) => ({ type: row.type, in_app: row.inApp, email: row.email })))],
    );
  }

  // ── admin ───────────────────────────────────────────────────────────────────

  async unknownLedgerRows(limit = 50): Promise<{ id: string; sourceId: string; recipientId: string; kind: string; attempts: number; updatedAt: string }[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, source_id AS "sourceId", recipient_id AS "recipientId", kind, attempts, updated_at AS "updatedAt"
       FROM email_ledger WHERE state = 'unknown' ORDER BY updated_at DESC LIMIT $1`,
      [limit],
    );
  }

  async countUnknownLedgerRows(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM email_ledger WHERE state = 'unknown'`);
    return row.count;
  }
}
