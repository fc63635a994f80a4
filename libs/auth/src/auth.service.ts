import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@meridian/common';
import type { AuthUser } from './auth-user';
import { SessionAuthority } from './session-authority';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly authority: SessionAuthority,
  ) {}

  /**
   * The one way a caller is authenticated, over HTTP (the bearer strategy) and on the socket.io handshake.
   * The token proves identity only (signature, expiry); what the caller may do comes from its session's user now
   * (SessionAuthority, cached and invalidated by the revocation channel, DESIGN.md §14): an unknown, revoked or
   * expired session, or a disabled user, is 401 UNAUTHORIZED; a token issued with another role than the user has
   * now is 401 TOKEN_EXPIRED, so the client refreshes and sees its new role.
   */
  async authenticate(token: string | undefined | null): Promise<AuthUser> {
    const verified = this.tokens.verifyAccessToken(token ?? '');
    const grant = await this.authority.grantOf(verified.sessionId);
    if (!grant || grant.userId !== verified.userId) throw new UnauthorizedError('UNAUTHORIZED', 'This session does not exist or has been signed out');
    if (grant.platformRole !== verified.claimedRole) throw new UnauthorizedError('TOKEN_EXPIRED', 'Your role has changed; refresh the access token');
    return { id: grant.userId, platformRole: grant.platformRole, sessionId: verified.sessionId, expiresAt: verified.expiresAt };
  }
}
