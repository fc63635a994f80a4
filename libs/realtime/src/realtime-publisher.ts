import type { ServerEventName, ServerEventPayload } from './realtime-events';

/**
 * How every process pushes to sockets. In the api it emits through the gateway's server (in-memory or
 * Redis Streams adapter); in the worker through a listener-less server on the same stream (STACK.md §8).
 * Domain services inject this abstract class and call it right after their transaction commits.
 */
export abstract class RealtimePublisher {
  /** One emit to several rooms: a socket in more than one of them receives the event once. */
  abstract emit<E extends ServerEventName>(rooms: string[], event: E, payload: ServerEventPayload<E>): void;

  /** Takes every socket of `userId` out of the group's room and the rooms of that group's threads, on every instance. */
  abstract revokeGroupAccess(userId: string, workingGroupId: string): Promise<void>;
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
