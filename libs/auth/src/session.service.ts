import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decodeCursor, NotFoundError, PageQuery, requestContext, toPage, UnauthorizedError } from '@meridian/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Transaction, Transactions } from '@meridian/database';
import type { AuthUser } from './auth-user';
import type { LoginResultDto, SessionListDto, TokenPairDto } from './dto/user-responses.dto';
import type { PlatformRole } from './entities/user.entity';
import { AccessRevocations } from './access-revocations';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import { PasswordService } from './password.service';
import { SecurityLog } from './security-log';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';
import { toSessionDto, toUserDto } from './user.mapper';
import { UserRepository } from './user.repository';

const USER_AGENT_MAX = 512;

function invalidCredentials(): UnauthorizedError {
  return new UnauthorizedError('INVALID_CREDENTIALS', 'The email or password is not correct');
}

/** Login, refresh-token rotation with reuse detection, logout, and the caller's session list. */
@Injectable()
export class SessionService {
  /** A hash with today's parameters, verified against for unknown emails so their answer takes as long. */
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly security: SecurityLog,
    private readonly revocations: AccessRevocations,
  ) {}

  /** Unknown email, wrong password and a disabled account all answer the same 401 INVALID_CREDENTIALS. */
  async login(email: string, password: string): Promise<LoginResultDto> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      this.dummyHash ??= this.passwords.hash(randomBytes(16).toString('hex'));
      await this.passwords.verify(await this.dummyHash, password);
      this.security.record('login.failed', { reason: 'unknown_email' });
      throw invalidCredentials();
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      this.security.record('login.failed', { userId: user.id, reason: 'wrong_password' });
      throw invalidCredentials();
    }
    if (user.status !== 'active') {
      this.security.record('login.failed', { userId: user.id, reason: 'account_disabled' });
      throw invalidCredentials();
    }
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.setPasswordHash(undefined, user.id, await this.passwords.hash(password));
    }
    const context = requestContext.current();
    const { sessionId, refreshToken } = await this.transactions.run(async (tx) => {
      const id = await this.sessions.create(tx, {
        userId: user.id,
        userAgent: context?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        ip: context?.ip ?? null,
        ttlDays: this.config.refreshTokenTtlDays,
      });
      return { sessionId: id, refreshToken: await this.issueRefreshToken(tx, id) };
    });
    this.security.record('login.succeeded', { userId: user.id, sessionId });
    return { ...this.accessToken(user, sessionId), refreshToken, user: toUserDto(user) };
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already rotated means it leaked (or a client
   * replayed it): the whole session is revoked, including the token that replaced it, and 401 REFRESH_TOKEN_REUSED.
   * Except within REFRESH_REUSE_GRACE_SECONDS of its rotation: two tabs of one browser share a refresh token and
   * refresh at once, so the one that lost the race gets a fresh pair of the same session (family) instead of
   * signing both out. Only a live session qualifies; the grace is measured from the rotation, so it cannot be
   * stretched by presenting the token again.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const tokenHash = hashOpaqueToken(refreshToken);
    const outcome = await this.transactions.run(async (tx) => {
      // Of two concurrent uses, the second waits here on the first's row lock, then finds the token rotated.
      const claimed = await this.sessions.claimRefreshToken(tx, tokenHash);
      if (claimed) {
        await this.sessions.touch(tx, claimed.sessionId, this.config.refreshTokenTtlDays);
        return { kind: 'rotated' as const, claimed, next: await this.issueRefreshToken(tx, claimed.sessionId) };
      }
      const known = await this.sessions.findRefreshToken(tx, tokenHash, this.config.refreshReuseGraceSeconds);
      if (known?.rotated && known.rotatedWithinGrace && known.sessionLive) {
        await this.sessions.touch(tx, known.sessionId, this.config.refreshTokenTtlDays);
        return { kind: 'rotated' as const, claimed: known, next: await this.issueRefreshToken(tx, known.sessionId), withinGrace: true };
      }
      if (known?.rotated) {
        // Committed even though the request fails: that is the point.
        const revokedNow = await this.sessions.revoke(tx, known.sessionId, 'refresh_token_reused');
        return { kind: 'reused' as const, known, revokedNow };
      }
      return { kind: 'invalid' as const };
    });
    if (outcome.kind === 'reused') {
      this.security.record('refresh_token.reused', { userId: outcome.known.userId, sessionId: outcome.known.sessionId, sessionRevoked: outcome.revokedNow });
      if (outcome.revokedNow) await this.revocations.sessionsRevoked(outcome.known.userId, [outcome.known.sessionId]);
      throw new UnauthorizedError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; the session has been revoked for safety');
    }
    if (outcome.kind === 'invalid') throw new UnauthorizedError('UNAUTHORIZED', 'The refresh token is not valid or has expired; sign in again');
    const { claimed, next } = outcome;
    if (outcome.withinGrace) this.security.record('refresh_token.reused_within_grace', { userId: claimed.userId, sessionId: claimed.sessionId });
    return { ...this.accessToken({ id: claimed.userId, platformRole: claimed.platformRole }, claimed.sessionId), refreshToken: next };
  }

  /** Ends the session the refresh token belongs to. Idempotent: an unknown or revoked token is fine too. */
  async logout(refreshToken: string): Promise<void> {
    const revoked = await this.sessions.revokeByRefreshToken(hashOpaqueToken(refreshToken), 'logout');
    if (!revoked) return;
    this.security.record('session.revoked', { userId: revoked.userId, sessionId: revoked.sessionId, reason: 'logout' });
    await this.revocations.sessionsRevoked(revoked.userId, [revoked.sessionId]);
  }

  async listSessions(caller: AuthUser, query: PageQuery): Promise<SessionListDto> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.sessions.listActive(caller.id, { limit: query.limit, after });
    return toPage(rows, query.limit, (row) => [row.cursorAt, row.id], (row) => toSessionDto(row, caller.sessionId));
  }

  /** Revokes one of the caller's own sessions; someone else's (or an ended one) is 404. */
  async revokeSession(caller: AuthUser, sessionId: string): Promise<void> {
    if (!(await this.sessions.revokeOwned(caller.id, sessionId, 'revoked_by_user'))) throw new NotFoundError('Session');
    this.security.record('session.revoked', { userId: caller.id, sessionId, reason: 'revoked_by_user' });
    await this.revocations.sessionsRevoked(caller.id, [sessionId]);
  }

  private async issueRefreshToken(tx: Transaction, sessionId: string): Promise<string> {
    const token = newOpaqueToken();
    await this.sessions.addRefreshToken(tx, sessionId, hashOpaqueToken(token));
    return token;
  }

  private accessToken(user: { id: string; platformRole: PlatformRole }, sessionId: string): { accessToken: string; expiresIn: number } {
    return { accessToken: this.tokens.signAccessToken(user, sessionId), expiresIn: this.config.accessTokenTtlSeconds };
  }
}
