import { Injectable } from '@nestjs/common';
import type { Transaction } from '@meridian/database';
import type { EmailTokenPurpose } from './entities/email-token.entity';

export type ConsumedEmailToken = { userId: string } | 'invalid' | 'expired';

/** All SQL about mailed single-use tokens (verification, password reset), stored as SHA-256. */
@Injectable()
export class EmailTokenRepository {
  async create(tx: Transaction, token: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; ttlSeconds: number }): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO email_token (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
      [token.userId, token.purpose, token.tokenHash, token.ttlSeconds],
    );
    return row.id;
  }

  /** Makes the user's unused tokens of this purpose useless (a new reset link replaces the old one). */
  async invalidateUnused(tx: Transaction, userId: string, purpose: EmailTokenPurpose): Promise<void> {
    await tx.query(`UPDATE email_token SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }

  /** Voids one token (minted for a mail that SMTP refused: nobody has it). */
  async voidToken(tx: Transaction, tokenId: string): Promise<void> {
    await tx.query(`UPDATE email_token SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [tokenId]);
  }

  /** Uses the token once: the UPDATE … WHERE used_at IS NULL lets exactly one of two concurrent uses through. */
  async consume(tx: Transaction, tokenHash: string, purpose: EmailTokenPurpose): Promise<ConsumedEmailToken> {
    const [rows] = await tx.query(
      `UPDATE email_token SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`,
      [tokenHash, purpose],
    );
    if (rows[0]) return rows[0];
    const [known] = await tx.query(`SELECT used_at IS NULL AND expires_at <= now() AS expired FROM email_token WHERE token_hash = $1 AND purpose = $2`, [tokenHash, purpose]);
    return known?.expired ? 'expired' : 'invalid';
  }
}
