import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EmailTokenPurpose } from './entities/email-token.entity';

export type ConsumedEmailToken = { userId: string } | 'invalid' | 'expired';

/** All SQL about mailed single-use tokens (verification, password reset), stored as SHA-256. */
@Injectable()
export class EmailTokenRepository {
  async create(manager: EntityManager, token: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; ttlSeconds: number }): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO email_token (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
      [token.userId, token.purpose, token.tokenHash, token.ttlSeconds],
    );
    return row.id;
  }

  /** Makes the user's unused tokens of this purpose useless (a new reset link replaces the old one). */
  async invalidateUnused(manager: EntityManager, userId: string, purpose: EmailTokenPurpose): Promise<void> {
    await manager.query(`UPDATE email_token SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }

  /** Uses the token once: the UPDATE … WHERE used_at IS NULL lets exactly one of two concurrent uses through. */
  async consume(manager: EntityManager, tokenHash: string, purpose: EmailTokenPurpose): Promise<ConsumedEmailToken> {
    const [rows] = await manager.query(
      `UPDATE email_token SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`,
      [tokenHash, purpose],
    );
    if (rows[0]) return rows[0];
    const [known] = await manager.query(`SELECT used_at IS NULL AND expires_at <= now() AS expired FROM email_token WHERE token_hash = $1 AND purpose = $2`, [tokenHash, purpose]);
    return known?.expired ? 'expired' : 'invalid';
  }
}
