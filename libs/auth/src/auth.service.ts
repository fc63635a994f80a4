import { Injectable } from '@nestjs/common';
import type { AuthUser } from './auth-user';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(private readonly tokens: TokenService) {}

  /**
   * The one way a caller is authenticated, over HTTP (the bearer strategy) and on the socket.io handshake.
   * Stateless on purpose: access tokens live ~15 minutes; revocation acts on refresh tokens.
   */
  async authenticate(token: string | undefined | null): Promise<AuthUser> {
    return this.tokens.verifyAccessToken(token ?? '');
  }
}
