import { Inject, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { AuthService, AuthUser } from '@meridian/auth';
import { DomainError, RateBudget, RateBudgets } from '@meridian/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import type { ExtendedError } from 'socket.io';
import { REALTIME_NAMESPACE } from './realtime.adapter';
import { RealtimeAck, rooms } from './realtime-events';
import { RoomAuthorizer, roomAuthorizerLookup } from './realtime-publisher';
import { isUuid, parseRoomRequest, ParsedRoom, RealtimeNamespace, RealtimeSocket } from './realtime-socket';

/** A socket relays at most one `typing` per thread in this window. */
export const TYPING_INTERVAL_MS = 2000;

/** setTimeout's ceiling; access tokens live minutes, so this only guards against a misconfigured TTL. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const OK: RealtimeAck = { ok: true };
const failure = (code: string, message: string): RealtimeAck => ({ ok: false, error: { code, message } });

/** A `connect_error` the client can act on: `err.data.code` is UNAUTHORIZED for any token problem (API.md). */
function connectError(message: string, data: Record<string, unknown>): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = data;
  return error;
}

/**
 * The `/realtime` namespace: the handshake is authenticated by the same AuthService.authenticate() as HTTP and
 * its Origin checked against CORS_ORIGINS; each socket sits in `user:<id>` and joins group/thread rooms only
 * after RoomAuthorizer (the HTTP visibility rules) says yes.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<RealtimeNamespace>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket> {
  /** Set once the socket.io server is up; undefined in an application context without HTTP. */
  namespace?: RealtimeNamespace;

  private readonly logger = new Logger('Realtime');
  private readonly expiryTimers = new WeakMap<RealtimeSocket, NodeJS.Timeout>();
  private readonly lastTyping = new WeakMap<RealtimeSocket, Map<string, number>>();
  /** The discussions lib provides RoomAuthorizer; until a module does, nothing but the user room can be joined. */
  readonly roomAuthorizer: () => RoomAuthorizer | null;

  /** SOCKET_MESSAGE_LIMIT `subscribe` and `typing` messages per socket per SOCKET_MESSAGE_WINDOW_SECONDS. */
  private readonly messageBudget: RateBudget;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budgets: RateBudgets,
    moduleRef: ModuleRef,
  ) {
    this.roomAuthorizer = roomAuthorizerLookup(moduleRef, this.logger);
    this.messageBudget = { name: 'socket-message', ...config.socketMessageLimit };
  }

  afterInit(namespace: RealtimeNamespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(error instanceof Error && 'data' in error ? (error as ExtendedError) : this.unexpected(error)),
      );
    });
  }

  handleConnection(socket: RealtimeSocket): void {
    const { user } = socket.data;
    void socket.join(rooms.user(user.id));
    this.disconnectWhenTokenExpires(socket, user);
    if (socket.recovered) void this.recheckRecoveredRooms(socket);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
    this.expiryTimers.delete(socket);
    this.lastTyping.delete(socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<RealtimeAck> {
    const budget = await this.spendMessage(socket);
    if (!budget.allowed) return { ok: false, error: { code: 'RATE_LIMITED', message: 'Too many messages; try again later', retryAfter: budget.retryAfterSeconds } };
    const room = parseRoomRequest(body);
    if (!room) return failure('VALIDATION_FAILED', 'room must be "group:<id>" or "thread:<id>"');
    const { user } = socket.data;
    if (room.kind === 'user') {
      return room.id === user.id.toLowerCase() ? OK : failure('FORBIDDEN', 'You can only listen to your own user room');
    }
    try {
      const decision = await this.authorize(user, room);
      if (!decision.ok) return failure(decision.code, decision.code === 'NOT_FOUND' ? `${room.kind === 'group' ? 'Working group' : 'Thread'} not found` : 'You may not subscribe to this room');
      if (!socket.connected) return failure('UNAUTHORIZED', 'The socket is no longer connected');
      if (room.kind === 'thread') socket.data.threadGroups = { ...socket.data.threadGroups, [room.id]: decision.workingGroupId };
      await socket.join([room.name, rooms.groupAudience(decision.workingGroupId)]);
      return OK;
    } catch (error) {
      this.logger.error({ err: error, room: room.name }, 'Could not authorise a realtime subscription');
      return failure('INTERNAL', 'Could not subscribe; try again');
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<RealtimeAck> {
    const room = parseRoomRequest(body);
    if (!room) return failure('VALIDATION_FAILED', 'room must be "group:<id>" or "thread:<id>"');
    if (room.kind === 'user') return failure('FORBIDDEN', 'A socket stays in its own user room');
    await socket.leave(room.name);
    if (room.kind === 'thread') {
      const { [room.id]: _left, ...rest } = socket.data.threadGroups;
      socket.data.threadGroups = rest;
    }
    return OK;
  }

  /** Relayed to the others in the thread room, only from a socket subscribed to it, at most once per interval; over the message budget, dropped. */
  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<void> {
    if (!(await this.spendMessage(socket)).allowed) return;
    const threadId = (body as { threadId?: unknown } | null | undefined)?.threadId;
    if (!isUuid(threadId)) return;
    const id = threadId.toLowerCase();
    const room = rooms.thread(id);
    if (!socket.rooms.has(room)) return;
    const now = Date.now();
    let perThread = this.lastTyping.get(socket);
    if (!perThread) this.lastTyping.set(socket, (perThread = new Map()));
    if (now - (perThread.get(id) ?? 0) < TYPING_INTERVAL_MS) return;
    perThread.set(id, now);
    socket.to(room).emit('typing', { threadId: id, userId: socket.data.user.id });
  }

  /**
   * Every `subscribe` (a database query) and `typing` (a fan-out) spends from the socket's budget, in Redis when
   * present like every other budget (DESIGN.md §14, "Budgets everywhere"): one client cannot make the server query
   * or broadcast without bound.
   */
  private spendMessage(socket: RealtimeSocket) {
    return this.budgets.spend(this.messageBudget, socket.id);
  }

  /** Origin, then the access token (the HTTP authentication), then — for a recovered session — the same user as before. */
  private async admit(socket: RealtimeSocket): Promise<void> {
    const origin = socket.handshake.headers.origin;
    // Browsers always send Origin; non-browser clients (mobile, server-side) may not, and carry no ambient credentials.
    if (origin && !this.config.corsOrigins.includes(origin.replace(/\/+$/, ''))) {
      throw connectError('This origin may not connect', { code: 'FORBIDDEN' });
    }
    const token: unknown = socket.handshake.auth?.token;
    let user: AuthUser;
    try {
      user = await this.auth.authenticate(typeof token === 'string' ? token : '');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const data = error.code === 'TOKEN_EXPIRED' ? { code: 'UNAUTHORIZED', reason: 'TOKEN_EXPIRED' } : { code: 'UNAUTHORIZED' };
      throw connectError(error.message, data);
    }
    if (socket.recovered && socket.data.user?.id !== user.id) {
      throw connectError('The session belongs to another user', { code: 'UNAUTHORIZED' });
    }
    socket.data.user = user;
    socket.data.threadGroups ??= {};
  }

  private unexpected(error: unknown): ExtendedError {
    this.logger.error({ err: error }, 'Realtime handshake failed');
    return connectError('Could not connect; try again', { code: 'INTERNAL' });
  }

  private disconnectWhenTokenExpires(socket: RealtimeSocket, user: AuthUser): void {
    const remaining = Math.min(Math.max(0, user.expiresAt * 1000 - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => socket.disconnect(true), remaining);
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  /** A session recovered after a drop keeps its rooms: check them again, access may have changed meanwhile. */
  private async recheckRecoveredRooms(socket: RealtimeSocket): Promise<void> {
    for (const name of [...socket.rooms]) {
      const room = parseRoomRequest({ room: name });
      if (!room || room.kind === 'user') continue;
      const decision = await this.authorize(socket.data.user, room).catch(() => ({ ok: false as const, code: 'NOT_FOUND' as const }));
      if (!decision.ok) {
        await socket.leave(room.name);
        if (room.kind === 'thread') delete socket.data.threadGroups[room.id];
      }
    }
  }

  private authorize(user: AuthUser, room: ParsedRoom & { kind: 'group' | 'thread' }) {
    const authorizer = this.roomAuthorizer();
    if (!authorizer) return Promise.resolve({ ok: false as const, code: 'NOT_FOUND' as const });
    return authorizer.authorize(user, { kind: room.kind, id: room.id });
  }
}
