import { Injectable } from '@nestjs/common';
import { Database, Transaction } from '@meridian/database';
import type { PlatformRole } from './entities/user.entity';

export interface SessionRecord {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

/** The session and user a refresh token was just exchanged for. */
export interface ClaimedRefreshToken {
  sessionId: string;
  userId: string;
  platformRole: PlatformRole;
}

/** A refresh token that could not be claimed, and why not. */
export interface UnclaimedRefreshToken {
  sessionId: string;
  userId: string;
  platformRole: PlatformRole;
  rotated: boolean;
  /** Rotated no longer ago than the reuse grace. */
  rotatedWithinGrace: boolean;
  /** The session is neither revoked nor expired and its user is active. */
  sessionLive: boolean;
}

/** All SQL about auth sessions (refresh families) and their refresh tokens. */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: Database) {}

  async create(tx: Transaction, session: { userId: string; userAgent: string | null; ip: string | null; ttlDays: number }): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO auth_session (user_id, user_agent, ip, last_used_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(days => $4)) RETURNING id`,
      [session.userId, session.userAgent, session.ip, session.ttlDays],
    );
    return row.id;
  }

  async addRefreshToken(tx: Transaction, sessionId: string, tokenHash: string): Promise<void> {
    await tx.query(`INSERT INTO refresh_token (token_hash, session_id) VALUES ($1, $2)`, [tokenHash, sessionId]);
  }

  /**
   * Marks the token rotated if, and only if, it is the live token of a live session of an active user.
   * One UPDATE … WHERE replaced_at IS NULL: of two concurrent uses exactly one wins, the other sees it rotated.
   */
  async claimRefreshToken(tx: Transaction, tokenHash: string): Promise<ClaimedRefreshToken | undefined> {
    const [rows] = await tx.query(
      `UPDATE refresh_token rt SET replaced_at = now()
       FROM auth_session s JOIN app_user u ON u.id = s.user_id
       WHERE rt.token_hash = $1 AND rt.replaced_at IS NULL AND s.id = rt.session_id
         AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'
       RETURNING s.id AS "sessionId", s.user_id AS "userId", u.platform_role AS "platformRole"`,
      [tokenHash],
    );
    return rows[0];
  }

  async findRefreshToken(tx: Transaction, tokenHash: string, graceSeconds: number): Promise<UnclaimedRefreshToken | undefined> {
    const [row] = await tx.query(
      `SELECT s.id AS "sessionId", s.user_id AS "userId", u.platform_role AS "platformRole",
              rt.replaced_at IS NOT NULL AS rotated,
              COALESCE(rt.replaced_at >= now() - make_interval(secs => $2), false) AS "rotatedWithinGrace",
              (s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active') AS "sessionLive"
       FROM refresh_token rt JOIN auth_session s ON s.id = rt.session_id JOIN app_user u ON u.id = s.user_id
       WHERE rt.token_hash = $1`,
      [tokenHash, graceSeconds],
    );
    return row;
  }

  /**
   * Who a session acts for and with which role, if it is live: not revoked, not expired, its user active. Read by
   * SessionAuthority when a session is not cached (by primary key; access tokens carry identity, not authority).
   */
  async findLiveGrant(sessionId: string): Promise<{ userId: string; platformRole: PlatformRole } | undefined> {
    const [row] = await this.db.write().query(
      `SELECT s.user_id AS "userId", u.platform_role AS "platformRole"
       FROM auth_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
      [sessionId],
    );
    return row;
  }

  /** Sliding expiry: a session lives `ttlDays` after its last use. */
  async touch(tx: Transaction, sessionId: string, ttlDays: number): Promise<void> {
    await tx.query(`UPDATE auth_session SET last_used_at = now(), expires_at = now() + make_interval(days => $2) WHERE id = $1`, [sessionId, ttlDays]);
  }

  /** Revokes one session; false when it was already revoked (or does not exist). */
  async revoke(tx: Transaction | undefined, sessionId: string, reason: string): Promise<boolean> {
    const [, count] = await this.db.write(tx).query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
    return count > 0;
  }

  /** Revokes one of the user's live sessions; false when the user has no such live session. */
  async revokeOwned(userId: string, sessionId: string, reason: string): Promise<boolean> {
    const [, count] = await this.db.write().query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [sessionId, userId, reason],
    );
    return count > 0;
  }

  /** Revokes the session a refresh token belongs to (logout); false for an unknown token. */
  async revokeByRefreshToken(tokenHash: string, reason: string): Promise<{ sessionId: string; userId: string } | undefined> {
    const [rows] = await this.db.write().query(
      `UPDATE auth_session s SET revoked_at = now(), revoked_reason = $2
       FROM refresh_token rt
       WHERE rt.token_hash = $1 AND s.id = rt.session_id AND s.revoked_at IS NULL
       RETURNING s.id AS "sessionId", s.user_id AS "userId"`,
      [tokenHash, reason],
    );
    return rows[0];
  }

  /** Revokes every live session of the user except `keepSessionId`; returns their ids. */
  async revokeAllOfUser(tx: Transaction, userId: string, reason: string, keepSessionId?: string): Promise<string[]> {
    const [rows] = await tx.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
       WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
       RETURNING id`,
      [userId, reason, keepSessionId ?? null],
    );
    return (rows as { id: string }[]).map((row) => row.id);
  }

  /**
   * Sessions revoked in the last `seconds` (their access tokens may still be unexpired): read when a process starts
   * and when its revocation feed reconnects. Not on a request path, so no index on revoked_at.
   */
  async revokedSince(seconds: number): Promise<{ id: string; userId: string }[]> {
    return this.db.write().query(
      `SELECT id, user_id AS "userId" FROM auth_session WHERE revoked_at > now() - make_interval(secs => $1)`,
      [seconds],
    );
  }

  /** Most recently used first; `cursorAt` is last_used_at as PostgreSQL text (microseconds kept) for the keyset. */
  async listActive(userId: string, page: { limit: number; after?: [string, string] }): Promise<(SessionRecord & { cursorAt: string })[]> {
    return this.db.read().query(
      `SELECT id, user_agent AS "userAgent", ip, created_at AS "createdAt", last_used_at AS "lastUsedAt", last_used_at::text AS "cursorAt"
       FROM auth_session
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
         AND ($2::timestamptz IS NULL OR last_used_at < $2::timestamptz OR (last_used_at = $2::timestamptz AND id > $3::uuid))
       ORDER BY last_used_at DESC, id
       LIMIT $4`,
      [userId, page.after?.[0] ?? null, page.after?.[1] ?? null, page.limit + 1],
    );
  }
}
