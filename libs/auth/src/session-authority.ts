import { Injectable } from '@nestjs/common';
import type { PlatformRole } from './entities/user.entity';
import { SessionRepository } from './session.repository';

/** What a live session may do now: its user and that user's current platform role. */
export interface SessionGrant {
  userId: string;
  platformRole: PlatformRole;
}

interface CacheEntry {
  /** Undefined for a session that does not exist, has ended or whose user is disabled. */
  grant: SessionGrant | undefined;
  /** When (ms) the entry is read again from PostgreSQL even if no revocation said so. */
  until: number;
}

/** A backstop for changes that reach neither the revocation channel nor its catch-up; normally entries are dropped by them. */
const ENTRY_TTL_MS = 60_000;
/** Sessions remembered per process; the oldest is dropped first. ~100 bytes each. */
const MAX_ENTRIES = 100_000;

/**
 * Tokens carry identity, not authority (DESIGN.md §14): an access token names a user and a session, and what that
 * caller may do comes from the session's user as PostgreSQL has it now. A token whose session is unknown, revoked
 * or expired, or whose user is disabled, grants nothing, so a leaked or forged signing secret alone is not an admin
 * key, and the role a token was issued with is never trusted.
 *
 * Looking the session up on every request would add a query to every read, so grants are cached per session. The
 * cache is only as fresh as what invalidates it: AccessRevocations drops the entries of revoked sessions and of
 * users whose role changed, on this process at once, on the others through the revocation channel (Redis pub/sub
 * and its periodic catch-up from PostgreSQL); the TTL bounds anything else.
 */
@Injectable()
export class SessionAuthority {
  private readonly entries = new Map<string, CacheEntry>();
  /** One database read per session at a time, however many requests arrive with it before it returns. */
  private readonly reading = new Map<string, Promise<SessionGrant | undefined>>();
  /** Bumped by every invalidation: a read that overlapped one is used for its request but not cached. */
  private generation = 0;

  constructor(private readonly sessions: SessionRepository) {}

  /** The grant of a live session, or undefined (unknown, revoked or expired session; disabled user). */
  async grantOf(sessionId: string): Promise<SessionGrant | undefined> {
    const cached = this.entries.get(sessionId);
    if (cached && cached.until > Date.now()) return cached.grant;
    const joined = this.reading.get(sessionId);
    if (joined) return joined;
    const pending: Promise<SessionGrant | undefined> = this.read(sessionId).finally(() => {
      if (this.reading.get(sessionId) === pending) this.reading.delete(sessionId);
    });
    this.reading.set(sessionId, pending);
    return pending;
  }

  /** These sessions were revoked: their next request reads them again (and finds them revoked). */
  forgetSessions(sessionIds: readonly string[]): void {
    if (sessionIds.length === 0) return;
    this.invalidate();
    for (const id of sessionIds) this.entries.delete(id);
  }

  /** These users' role or status changed: every session of theirs is read again. */
  forgetUsers(userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    this.invalidate();
    const users = new Set(userIds);
    for (const [id, entry] of this.entries) if (entry.grant && users.has(entry.grant.userId)) this.entries.delete(id);
  }

  /** Reads in flight may have started before the change: later requests must not join them. */
  private invalidate(): void {
    this.generation++;
    this.reading.clear();
  }

  private async read(sessionId: string): Promise<SessionGrant | undefined> {
    const generation = this.generation;
    const grant = await this.sessions.findLiveGrant(sessionId);
    if (generation === this.generation) {
      this.entries.delete(sessionId); // re-inserted last: the oldest entries come first
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(sessionId, { grant, until: Date.now() + ENTRY_TTL_MS });
    }
    return grant;
  }
}
