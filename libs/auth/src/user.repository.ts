import { Injectable } from '@nestjs/common';
import { containsPattern } from '@meridian/common';
import { Database, SqlParams, Transaction, unlessUniqueViolation } from '@meridian/database';
import type { PlatformRole, UserStatus } from './entities/user.entity';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  handle: string;
  timezone: string;
  locale: string;
  platformRole: PlatformRole;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

export interface UserMembershipRecord {
  id: string;
  name: string;
  role: string;
  status: string;
  membershipState: string;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  handle: string;
  timezone: string;
  locale: string;
  platformRole?: PlatformRole;
  emailVerified?: boolean;
}

export interface ProfilePatch {
  displayName?: string;
  handle?: string;
  timezone?: string;
  locale?: string;
}

export interface UserListFilter {
  q?: string;
  platformRole?: PlatformRole;
  status?: UserStatus;
  /** keyset position: [created_at as PostgreSQL text, id] of the last row of the previous page */
  after?: [string, string];
  limit: number;
}

const USER_COLUMNS = `u.id, u.email, u.password_hash AS "passwordHash", u.display_name AS "displayName", u.handle, u.timezone, u.locale,
  u.platform_role AS "platformRole", u.status, u.email_verified_at AS "emailVerifiedAt", u.created_at AS "createdAt"`;

/** All SQL about users (app_user), and the read of a user's organisations for /me. */
@Injectable()
export class UserRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string, tx?: Transaction): Promise<UserRecord | undefined> {
    const [row] = await this.db.write(tx).query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]);
    return row;
  }

  /** Case-insensitive (email is citext). */
  async findByEmail(email: string, tx?: Transaction): Promise<UserRecord | undefined> {
    const [row] = await this.db.write(tx).query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.email = $1`, [email]);
    return row;
  }

  /** Locks the row for the rest of the transaction. */
  async lockById(tx: Transaction, id: string): Promise<UserRecord | undefined> {
    const [row] = await tx.query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async emailExists(email: string, tx?: Transaction): Promise<boolean> {
    const rows = await this.db.write(tx).query(`SELECT 1 FROM app_user WHERE email = $1`, [email]);
    return rows.length > 0;
  }

  /** Handles equal to `base` or `base_<n>` (base holds only [a-z0-9_], so it is safe inside the pattern). */
  async handlesLike(base: string, tx?: Transaction): Promise<string[]> {
    const rows: { handle: string }[] = await this.db.write(tx).query(`SELECT handle FROM app_user WHERE handle ~* $1`, [`^${base}(_[0-9]+)?$`]);
    return rows.map((row) => row.handle);
  }

  /** Inserts the user, or answers which unique value (email or handle, in any case) another account has. */
  async insert(tx: Transaction, user: NewUser): Promise<UserRecord | 'email_taken' | 'handle_taken'> {
    const [row]: UserRecord[] = await tx.query(
      `INSERT INTO app_user AS u (email, password_hash, display_name, handle, timezone, locale, platform_role, email_verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::boolean THEN now() END)
       ON CONFLICT DO NOTHING
       RETURNING ${USER_COLUMNS}`,
      [user.email, user.passwordHash, user.displayName, user.handle, user.timezone, user.locale, user.platformRole ?? 'member', user.emailVerified ?? false],
    );
    if (row) return row;
    return (await this.emailExists(user.email, tx)) ? 'email_taken' : 'handle_taken';
  }

  /**
   * Applies the given fields; 'handle_taken' when someone else has the handle (any case): the unique index decides,
   * and the transaction is then aborted for the caller to end.
   */
  async updateProfile(tx: Transaction, id: string, patch: ProfilePatch): Promise<UserRecord | 'handle_taken'> {
    const statement: Promise<[UserRecord[], number]> = tx.query(
      `UPDATE app_user u SET display_name = COALESCE($2, display_name), handle = COALESCE($3, handle), timezone = COALESCE($4, timezone),
              locale = COALESCE($5, locale), updated_at = now()
       WHERE u.id = $1
       RETURNING ${USER_COLUMNS}`,
      [id, patch.displayName ?? null, patch.handle ?? null, patch.timezone ?? null, patch.locale ?? null],
    );
    return unlessUniqueViolation(statement.then(([rows]) => rows[0]), 'handle_taken' as const);
  }

  async setPasswordHash(tx: Transaction | undefined, id: string, passwordHash: string): Promise<void> {
    await this.db.write(tx).query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  /** Marks the email verified (keeps the first verification time); returns the user. */
  async markEmailVerified(tx: Transaction, id: string): Promise<UserRecord> {
    const [rows] = await tx.query(
      `UPDATE app_user u SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE u.id = $1 RETURNING ${USER_COLUMNS}`,
      [id],
    );
    return rows[0];
  }

  async setRoleAndStatus(tx: Transaction, id: string, patch: { platformRole?: PlatformRole; status?: UserStatus; verify?: boolean }): Promise<UserRecord> {
    const [rows] = await tx.query(
      `UPDATE app_user u SET platform_role = COALESCE($2, platform_role), status = COALESCE($3, status),
              email_verified_at = CASE WHEN $4::boolean THEN COALESCE(email_verified_at, now()) ELSE email_verified_at END, updated_at = now()
       WHERE u.id = $1
       RETURNING ${USER_COLUMNS}`,
      [id, patch.platformRole ?? null, patch.status ?? null, patch.verify ?? false],
    );
    return rows[0];
  }

  /**
   * Locks every active admin (in id order, so two admins demoting each other cannot deadlock) and returns their ids.
   * Callers changing an admin take this lock first, then decide whether one would remain.
   */
  /**
   * Users whose platform role changed in the last `seconds`, with the role they have now. Read from the audit log
   * (every role change writes one in its transaction; indexed on action, at) at start-up and on reconnects only.
   */
  async roleChangesSince(seconds: number): Promise<{ userId: string; platformRole: PlatformRole }[]> {
    return this.db.write().query(
      `SELECT DISTINCT u.id AS "userId", u.platform_role AS "platformRole"
       FROM audit_log a JOIN app_user u ON u.id::text = a.target_id
       WHERE a.action = 'user.role_change' AND a.target_type = 'user' AND a.at > now() - make_interval(secs => $1)`,
      [seconds],
    );
  }

  async lockActiveAdmins(tx: Transaction): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM app_user WHERE platform_role = 'admin' AND status = 'active' ORDER BY id FOR UPDATE`);
    return rows.map((row) => row.id);
  }

  /** The user's organisation memberships, active and requested, with the organisation's own status. */
  async organisationsOf(userId: string): Promise<UserMembershipRecord[]> {
    return this.db.write().query(
      `SELECT o.id, o.name, m.role, o.status, m.state AS "membershipState"
       FROM organisation_membership m JOIN organisation o ON o.id = m.organisation_id
       WHERE m.user_id = $1
       ORDER BY o.name`,
      [userId],
    );
  }

  /** Newest first; `cursorAt` is created_at as PostgreSQL text (microseconds kept) for the keyset. */
  async list(filter: UserListFilter): Promise<(UserRecord & { cursorAt: string })[]> {
    const where: string[] = [];
    const params = new SqlParams();
    if (filter.q) {
      const pattern = params.add(containsPattern(filter.q));
      where.push(`(u.email ILIKE ${pattern} OR u.display_name ILIKE ${pattern} OR u.handle ILIKE ${pattern})`);
    }
    if (filter.platformRole) where.push(`u.platform_role = ${params.add(filter.platformRole)}`);
    if (filter.status) where.push(`u.status = ${params.add(filter.status)}`);
    if (filter.after) where.push(`(u.created_at, u.id) < (${params.add(filter.after[0])}::timestamptz, ${params.add(filter.after[1])}::uuid)`);
    return this.db.read().query(
      `SELECT ${USER_COLUMNS}, u.created_at::text AS "cursorAt"
       FROM app_user u
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY u.created_at DESC, u.id DESC
       LIMIT ${params.add(filter.limit + 1)}`,
      params.values,
    );
  }
}
