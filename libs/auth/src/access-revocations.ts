import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { UnauthorizedError } from '@meridian/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Redis } from 'ioredis';
import type { AuthUser } from './auth-user';
import type { PlatformRole } from './entities/user.entity';
import { RealtimeAccess } from './realtime-access';
import { SessionRepository } from './session.repository';
import { UserRepository } from './user.repository';

/** What one process tells the others (Redis pub/sub), and applies itself before telling. */
type RevocationMessage =
  | { kind: 'sessions'; userId: string; sessionIds: string[] }
  | { kind: 'role'; userId: string; platformRole: PlatformRole };

/** Entries outlive the longest-lived access token they could concern by this much (clock skew, slow requests). */
const MARGIN_SECONDS = 60;

/**
 * Makes revoking access effective at once although access tokens are stateless JWTs (~15 min): each process keeps,
 * in memory, the sessions revoked (logout, DELETE /me/sessions/:id, password change/reset, reuse, a disabled user)
 * and the users whose role changed within the last access-token lifetime. authenticate() checks both with two Map
 * lookups, so the hot path never queries the database.
 *
 * Processes share changes through Redis pub/sub when REDIS_URL is set. Redis is not the only copy: each process
 * reads the recent revocations from PostgreSQL (auth_session.revoked_at, the audit log's role changes) when it
 * starts, whenever its subscription (re)connects, and every REVOCATION_CATCH_UP_SECONDS — a publish can fail
 * without any subscriber's connection dropping, so reconnects alone would leave a revoked token working on the
 * other instances until it expires. The database is the record; pub/sub only makes it prompt.
 */
@Injectable()
export class AccessRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AccessRevocations');
  /** Session id → when (ms) no access token of it can still be unexpired. */
  private readonly revokedSessions = new Map<string, number>();
  /** User id → their current role, until (ms) no token issued before the change can still be unexpired. */
  private readonly currentRoles = new Map<string, { platformRole: PlatformRole; until: number }>();
  private readonly channel: string;
  private prunedAt = 0;
  private realtimeAccess?: RealtimeAccess | null;
  private publisher?: Redis;
  private subscriber?: Redis;
  private catchUpTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly moduleRef: ModuleRef,
  ) {
    this.channel = `${config.queuePrefix}:access-revocations`;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.redisUrl) {
      this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
      this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
      this.subscriber.on('message', (channel: string, message: string) => {
        if (channel === this.channel) this.receive(message);
      });
      // 'ready' follows every (re)connect, after ioredis has re-subscribed: catch up on what was published meanwhile.
      this.subscriber.on('ready', () => void this.catchUp());
      this.subscriber.on('error', (error: Error) => this.logger.warn(`Revocation feed: ${error.message}`));
      this.publisher.on('error', (error: Error) => this.logger.warn(`Revocation feed: ${error.message}`));
      await this.subscriber.subscribe(this.channel);
    }
    await this.catchUp();
    this.catchUpTimer = setInterval(() => void this.catchUp(), this.config.revocationCatchUpSeconds * 1000);
    this.catchUpTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.catchUpTimer);
    await Promise.all(
      [this.subscriber, this.publisher].map((client) => client?.quit().catch(() => client.disconnect())),
    );
  }

  /** Throws 401 for a token of a revoked session (UNAUTHORIZED) or one carrying a role the user no longer has (TOKEN_EXPIRED: refresh it). */
  assertCurrent(user: AuthUser): void {
    if (this.revokedSessions.has(user.sessionId)) {
      throw new UnauthorizedError('UNAUTHORIZED', 'This session has been signed out');
    }
    const role = this.currentRoles.get(user.id);
    if (role && role.platformRole !== user.platformRole) {
      throw new UnauthorizedError('TOKEN_EXPIRED', 'Your role has changed; refresh the access token');
    }
  }

  /** After the revocation committed: tokens of these sessions stop working everywhere, and their sockets are disconnected. */
  async sessionsRevoked(userId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.announce({ kind: 'sessions', userId, sessionIds: [...sessionIds] });
    await this.realtime()?.disconnectUser(userId, sessionIds).catch((error: unknown) => this.logger.error({ err: error }, 'Could not disconnect revoked sockets'));
  }

  /** After a user was disabled (every session revoked in the same transaction): their tokens stop working and every socket of theirs is disconnected. */
  async userDisabled(userId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) await this.announce({ kind: 'sessions', userId, sessionIds: [...sessionIds] });
    await this.realtime()?.disconnectUser(userId).catch((error: unknown) => this.logger.error({ err: error }, 'Could not disconnect the sockets of a disabled user'));
  }

  /**
   * After a role change committed: tokens carrying another role answer TOKEN_EXPIRED (the refreshed token carries
   * the new role), and the user's sockets are disconnected: their handshake identity names the old role, so
   * re-checking their rooms with it would prove nothing; the client reconnects with a fresh token.
   */
  async roleChanged(userId: string, platformRole: PlatformRole): Promise<void> {
    await this.announce({ kind: 'role', userId, platformRole });
    await this.realtime()?.disconnectUser(userId).catch((error: unknown) => this.logger.error({ err: error }, 'Could not disconnect sockets after a role change'));
  }

  /**
   * The realtime capability's sockets, looked up when needed: the gateway depends on AuthService, which depends on
   * this, so constructor injection would be a cycle. None in a process without realtime (the CLI).
   */
  private realtime(): RealtimeAccess | undefined {
    if (this.realtimeAccess === undefined) {
      try {
        this.realtimeAccess = this.moduleRef.get(RealtimeAccess, { strict: false });
      } catch {
        this.realtimeAccess = null;
      }
    }
    return this.realtimeAccess ?? undefined;
  }

  private async announce(message: RevocationMessage): Promise<void> {
    this.apply(message);
    if (!this.publisher) return;
    // The database already says so: a process that misses this message catches up when its feed reconnects.
    await this.publisher.publish(this.channel, JSON.stringify(message)).catch((error: unknown) => {
      this.logger.error({ err: error }, 'Could not publish an access revocation to the other processes');
    });
  }

  private receive(raw: string): void {
    try {
      this.apply(JSON.parse(raw) as RevocationMessage);
    } catch (error) {
      this.logger.error({ err: error }, 'Ignored an unreadable access revocation message');
    }
  }

  private apply(message: RevocationMessage): void {
    const until = Date.now() + this.windowSeconds() * 1000;
    this.prune();
    if (message.kind === 'sessions') for (const id of message.sessionIds) this.revokedSessions.set(id, until);
    else if (message.kind === 'role') this.currentRoles.set(message.userId, { platformRole: message.platformRole, until });
  }

  private async catchUp(): Promise<void> {
    try {
      const window = this.windowSeconds();
      const [sessions, roles] = await Promise.all([this.sessions.revokedSince(window), this.users.roleChangesSince(window)]);
      for (const session of sessions) this.apply({ kind: 'sessions', userId: session.userId, sessionIds: [session.id] });
      for (const role of roles) this.apply({ kind: 'role', userId: role.userId, platformRole: role.platformRole });
    } catch (error) {
      this.logger.error({ err: error }, 'Could not read recent access revocations');
    }
  }

  private windowSeconds(): number {
    return this.config.accessTokenTtlSeconds + MARGIN_SECONDS;
  }

  /** Drops entries no unexpired token can concern any more (at most every 10 s: catching up applies many at once). */
  private prune(): void {
    const now = Date.now();
    if (now - this.prunedAt < 10_000) return;
    this.prunedAt = now;
    for (const [id, until] of this.revokedSessions) if (until < now) this.revokedSessions.delete(id);
    for (const [id, entry] of this.currentRoles) if (entry.until < now) this.currentRoles.delete(id);
  }
}
