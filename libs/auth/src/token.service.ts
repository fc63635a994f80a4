import { createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { UnauthorizedError } from '@meridian/common';
import { JsonWebTokenError, JwtService, TokenExpiredError } from '@nestjs/jwt';
import { PLATFORM_ROLES, PlatformRole } from './entities/user.entity';

export const JWT_SECRET = Symbol('JWT_SECRET');

interface AccessClaims {
  sub: string;
  role: PlatformRole;
  sid: string;
  exp: number;
}

/** What a verified access token says: who, in which session, until when. Its role is a hint for the client, not authority. */
export interface VerifiedAccessToken {
  userId: string;
  sessionId: string;
  /** The role when the token was issued; authenticate() takes the current one from the session's user. */
  claimedRole: PlatformRole;
  /** Seconds since epoch. */
  expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISSUER = 'meridian';
const AUDIENCE = 'meridian-api';

/**
 * Signs and verifies access tokens. The HMAC secret is a KeyObject: jsonwebtoken given a string
 * tries to parse it as a public key on every verify first (~800 µs, STACK.md), a KeyObject costs ~25 µs.
 */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(JWT_SECRET) secret: string) {
    const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
    this.jwt = new JwtService({
      secret: key,
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
    });
  }

  signAccessToken(user: { id: string; platformRole: PlatformRole }, sessionId: string, ttlSeconds = this.config.accessTokenTtlSeconds): string {
    return this.jwt.sign({ role: user.platformRole, sid: sessionId }, { subject: user.id, expiresIn: ttlSeconds });
  }

  /** Signature, algorithm, issuer, audience and expiry; the claims' shape. Whether the session still grants anything is SessionAuthority's. */
  verifyAccessToken(token: string): VerifiedAccessToken {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(token);
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new UnauthorizedError('TOKEN_EXPIRED', 'The access token has expired; refresh it');
      if (error instanceof JsonWebTokenError) throw new UnauthorizedError('UNAUTHORIZED', 'The access token is not valid');
      throw error;
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || typeof claims.sid !== 'string' || !UUID.test(claims.sid) || !PLATFORM_ROLES.includes(claims.role)) {
      throw new UnauthorizedError('UNAUTHORIZED', 'The access token is not valid');
    }
    return { userId: claims.sub, sessionId: claims.sid, claimedRole: claims.role, expiresAt: claims.exp };
  }
}
