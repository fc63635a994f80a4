import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { InvalidFieldError } from '@meridian/common';
import { isNotificationType, NotificationType } from '../notification-types';

/** What an unsubscribe link turns off: one type's email, or a whole digest. */
export type UnsubscribeTarget = NotificationType | 'digest.daily' | 'digest.weekly';

export const UNSUBSCRIBE_TOKEN_TTL_SECONDS = 90 * 24 * 3600;

export function isUnsubscribeTarget(value: unknown): value is UnsubscribeTarget {
  return typeof value === 'string' && (isNotificationType(value) || value === 'digest.daily' || value === 'digest.weekly');
}

/** Thrown for a bad, tampered or expired token: 400 on `token`. */
export class InvalidUnsubscribeTokenError extends InvalidFieldError {
  constructor() {
    super('token', 'This unsubscribe link is not valid or has expired');
  }
}

/**
 * HMAC-signed unsubscribe tokens `<payload>.<signature>` (base64url) naming user, type and expiry.
 * The key is derived from JWT_SECRET with a fixed label, so it differs from the token-signing key.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.jwtSecret) throw new Error('UnsubscribeTokens needs the resolved JWT secret');
    this.key = createHmac('sha256', config.jwtSecret).update('meridian:unsubscribe-token:v1').digest();
  }

  sign(userId: string, target: UnsubscribeTarget, now = new Date()): string {
    const body = Buffer.from(JSON.stringify({ u: userId, t: target, e: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_TOKEN_TTL_SECONDS })).toString('base64url');
    return `${body}.${this.signature(body)}`;
  }

  verify(token: string | undefined, now = new Date()): { userId: string; target: UnsubscribeTarget } {
    if (typeof token !== 'string' || token.length > 512) throw new InvalidUnsubscribeTokenError();
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new InvalidUnsubscribeTokenError();
    const expected = Buffer.from(this.signature(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidUnsubscribeTokenError();
    let claims: { u?: unknown; t?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidUnsubscribeTokenError();
    }
    if (typeof claims.u !== 'string' || !isUnsubscribeTarget(claims.t) || typeof claims.e !== 'number' || claims.e * 1000 < now.getTime()) {
      throw new InvalidUnsubscribeTokenError();
    }
    return { userId: claims.u, target: claims.t };
  }

  private signature(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
