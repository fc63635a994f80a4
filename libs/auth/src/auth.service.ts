import { Injectable } from '@nestjs/common';
import { AccessRevocations } from './access-revocations';
import type { AuthUser } from './auth-user';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly revocations: AccessRevocations,
  ) {}

  /**
   * The one way a caller is authenticated, over HTTP (the bearer strategy) and on the socket.io handshake.
   * The token is verified statelessly; revoked sessions and changed roles are checked in memory (AccessRevocations),
   * so this never queries the database.
   */
  async authenticate(token: string | undefined | null): Promise<AuthUser> {
    const user = this.tokens.verifyAccessToken(token ?? '');
    this.revocations.assertCurrent(user);
    return user;
  }
}
