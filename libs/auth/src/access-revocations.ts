import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Redis } from 'ioredis';
import type { PlatformRole } from './entities/user.entity';
import { RealtimeAccess } from './realtime-access';
import { SessionAuthority } from './session-authority';
import { SessionRepository } from './session.repository';
import { UserRepository } from './user.repository';

/** What one process tells the others (Redis pub/sub), and applies itself before telling. */
type RevocationMessage =
  | { kind: 'sessions'; userId: string; sessionIds: string[] }
  | { kind: 'role'; userId: string; platformRole: PlatformRole };

/** Catching up looks back over the longest-lived access token's lifetime plus this much (clock skew, slow requests). */
const MARGIN_SECONDS = 60;

/**
 * Makes revoking access effective at once on every process: authenticate() takes each session's grant (its user's
 * current role) from SessionAuthority's cache, and this channel drops the cached grants that a change made stale —
 * sessions revoked (logout, DELETE /me/sessions/:id, password change/reset, reuse, a disabled user) and users whose
 * role changed — so the next request reads them again from PostgreSQL. The hot path stays a Map lookup.
 *
 * Processes share changes through Redis pub/sub when REDIS_URL is set. Redis is not the only copy: each process
 * reads the recent revocations from PostgreSQL (auth_session.revoked_at, the audit log's role changes) when it
 * starts, whenever its subscription (re)connects, and every REVOCATION_CATCH_UP_SECONDS — a publish can fail
 * without any subscriber's connection dropping, so reconnects alone would leave a revoked token working on the
 * other instances until their cached grant lapses. The database is the record; pub/sub only makes it prompt.
 */
@Injectable()
export class AccessRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AccessRevocations');
  private readonly channel: string;
  private realtimeAccess?: RealtimeAccess | null;
  private publisher?: Redis;
  private subscriber?: Redis;
  private catchUpTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly authority: SessionAuthority,
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
   * After a role change committed: the user's tokens act with the new role at once (and those issued with another
   * one answer TOKEN_EXPIRED, so the client refreshes), and the user's sockets are disconnected: their handshake identity names the old role, so
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
    if (message.kind === 'sessions') this.authority.forgetSessions(message.sessionIds);
    else if (message.kind === 'role') this.authority.forgetUsers([message.userId]);
  }

  private async catchUp(): Promise<void> {
    try {
      const window = this.windowSeconds();
      const [sessions, roles] = await Promise.all([this.sessions.revokedSince(window), this.users.roleChangesSince(window)]);
      this.authority.forgetSessions(sessions.map((session) => session.id));
      this.authority.forgetUsers(roles.map((role) => role.userId));
    } catch (error) {
      this.logger.error({ err: error }, 'Could not read recent access revocations');
    }
  }

  private windowSeconds(): number {
    return this.config.accessTokenTtlSeconds + MARGIN_SECONDS;
  }
}
