/**
 * The server → client events of the `/realtime` namespace (API.md "Realtime"). Emitting goes through
 * RealtimePublisher, typed by this map, so a wrong payload does not compile.
 * Payload shapes are kept structural here so the realtime lib does not depend on the domain libs.
 */
export type RealtimePost = Record<string, unknown> & { id: string; threadId: string };
export type RealtimeThread = Record<string, unknown> & { id: string; workingGroupId: string };
export type RealtimeNotification = Record<string, unknown> & { id: string };

export interface ServerToClientEvents {
  'post.created': (payload: { threadId: string; post: RealtimePost }) => void;
  'post.updated': (payload: { threadId: string; post: RealtimePost }) => void;
  'post.deleted': (payload: { threadId: string; postId: string }) => void;
  'reaction.updated': (payload: { threadId: string; postId: string; reactions: { emoji: string; count: number }[] }) => void;
  'thread.created': (payload: { workingGroupId: string; thread: RealtimeThread }) => void;
  'thread.updated': (payload: { workingGroupId: string; thread: RealtimeThread }) => void;
  'notification.new': (payload: { notification: RealtimeNotification }) => void;
  'notification.read': (payload: { ids: string[] } | { all: true }) => void;
  typing: (payload: { threadId: string; userId: string }) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export interface RealtimeAck {
  ok: boolean;
  /** `retryAfter` (seconds) comes with RATE_LIMITED, as the Retry-After header does over HTTP. */
  error?: { code: string; message?: string; retryAfter?: number };
}

export interface ClientToServerEvents {
  subscribe: (payload: { room: string }, ack: (result: RealtimeAck) => void) => void;
  unsubscribe: (payload: { room: string }, ack?: (result: RealtimeAck) => void) => void;
  typing: (payload: { threadId: string }) => void;
}

/** Room names: `user:<id>`, `group:<id>`, `thread:<id>`. */
export const rooms = {
  /**
   * Server-side only (clients cannot subscribe to it): every socket that joined the group's room or one of its
   * thread rooms, so a change of the group's visibility can re-check exactly those sockets.
   */
  groupAudience: (id: string) => `audience:group:${id}`,
  user: (id: string) => `user:${id}`,
  group: (id: string) => `group:${id}`,
  thread: (id: string) => `thread:${id}`,
};
