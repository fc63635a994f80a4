import { createHash, randomBytes } from 'node:crypto';

/** A random bearer secret for refresh tokens and mailed links: 256 bits, URL-safe. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token: its hex SHA-256 (a leaked table yields no usable token). */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
