import type { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { RealtimeAccess } from '@meridian/auth';
import type { ServerEventName, ServerEventPayload } from './realtime-events';

/**
 * How every process pushes to sockets. In the api it emits through the gateway's server (in-memory or
 * Redis Streams adapter); in the worker through a listener-less server on the same stream (STACK.md §8).
 * Domain services inject this abstract class and call it right after their transaction commits.
 */
export abstract class RealtimePublisher extends RealtimeAccess {
  /** One emit to several rooms: a socket in more than one of them receives the event once. */
  abstract emit<E extends ServerEventName>(rooms: string[], event: E, payload: ServerEventPayload<E>): void;

  /** Takes every socket of `userId` out of the group's room and the rooms of that group's threads, on every instance. */
  abstract revokeGroupAccess(userId: string, workingGroupId: string): Promise<void>;

  /**
   * For access lost other than by leaving a group (organisation suspended or rejected, removed from an organisation):
   * every socket of these users, on every instance, asks RoomAuthorizer again for each group/thread room it is in and
   * leaves the rooms it may no longer read. Never throws (it runs after a commit): failures are logged.
   */
  abstract revalidateAccess(userIds: string | readonly string[]): Promise<void>;

  /** Disconnects the user's sockets on every instance: all, or those authenticated in one of `sessionIds`. Never throws. */
  abstract disconnectUser(userId: string, sessionIds?: readonly string[]): Promise<void>;

  /** Re-checks every socket that listens to the group or one of its threads (its visibility changed). Never throws. */
  abstract revalidateGroupAudience(workingGroupId: string): Promise<void>;

  /** Every socket on every instance leaves the room (a deleted thread). Never throws. */
  abstract closeRoom(room: string): Promise<void>;
}

/** Who may join a room: the same rules as HTTP reads. Implemented by the discussions lib. */
export abstract class RoomAuthorizer {
  /**
   * `ok` when the user may read the group / thread; `NOT_FOUND` when it is invisible to them (or absent).
   * For thread rooms also returns the thread's working group, so access can be revoked per group.
   */
  abstract authorize(
    user: { id: string; platformRole: string },
    room: { kind: 'group' | 'thread'; id: string },
  ): Promise<{ ok: true; workingGroupId: string } | { ok: false; code: 'NOT_FOUND' | 'FORBIDDEN' }>;
}

/** The RoomAuthorizer some module registered (the discussions lib), or null when none did; looked up once, lazily. */
export function roomAuthorizerLookup(moduleRef: ModuleRef | undefined, logger: Logger): () => RoomAuthorizer | null {
  let found: RoomAuthorizer | null | undefined;
  return () => {
    if (found === undefined) {
      try {
        found = moduleRef ? moduleRef.get(RoomAuthorizer, { strict: false }) : null;
      } catch {
        found = null;
      }
      if (!found) logger.warn('No RoomAuthorizer is registered: group and thread rooms cannot be joined or re-checked');
    }
    return found ?? null;
  };
}
