import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createRealtimeRedisAdapter, REALTIME_NAMESPACE, REALTIME_RECOVERY, realtimeStreamName } from './realtime.adapter';
import { rooms as roomNames, ServerEventName, ServerEventPayload, ServerToClientEvents } from './realtime-events';
import { RealtimePublisher, RoomAuthorizer, roomAuthorizerLookup } from './realtime-publisher';
import { parseRoomRequest, RealtimeNamespace, RealtimeSocketData } from './realtime-socket';
import { RealtimeGateway } from './realtime.gateway';

type RoomDecision = Awaited<ReturnType<RoomAuthorizer['authorize']>>;

/** Without a RoomAuthorizer nothing can be re-checked: fail closed. */
const DENIED: RoomDecision = { ok: false, code: 'NOT_FOUND' };

/**
 * Emits through a `/realtime` namespace: with the Redis Streams adapter every instance delivers to its own sockets,
 * and fetchSockets()/disconnectSockets()/socketsLeave() reach the sockets of every instance.
 * `namespace()` is undefined until the server exists (and in a process without one): then there is no one to tell.
 */
export class NamespaceRealtimePublisher extends RealtimePublisher {
  protected readonly logger = new Logger('Realtime');

  constructor(
    private readonly namespace: () => RealtimeNamespace | undefined,
    private readonly authorizer: () => RoomAuthorizer | null,
  ) {
    super();
  }

  emit<E extends ServerEventName>(rooms: string[], event: E, payload: ServerEventPayload<E>): void {
    const namespace = this.namespace();
    if (!namespace || rooms.length === 0) return;
    const args = [payload] as Parameters<ServerToClientEvents[E]>;
    namespace.to(rooms).emit(event, ...args);
  }

  async revokeGroupAccess(userId: string, workingGroupId: string): Promise<void> {
    const namespace = this.namespace();
    if (!namespace) return;
    const groupRoom = roomNames.group(workingGroupId);
    // Sockets on every instance (fetchSockets goes through the adapter); each knows which group its thread rooms belong to.
    const sockets = await namespace.in(roomNames.user(userId)).fetchSockets();
    for (const socket of sockets) {
      const data = socket.data as Partial<RealtimeSocketData>;
      const threads = Object.entries(data.threadGroups ?? {})
        .filter(([, groupId]) => groupId === workingGroupId)
        .map(([threadId]) => threadId);
      for (const room of [groupRoom, ...threads.map(roomNames.thread)]) socket.leave(room);
      // A socket of this process: forget the threads too (a remote one's stale entries are harmless).
      if ('nsp' in socket && data.threadGroups) for (const threadId of threads) delete data.threadGroups[threadId];
    }
  }

  async revalidateAccess(userIds: string | readonly string[]): Promise<void> {
    const namespace = this.namespace();
    const ids = typeof userIds === 'string' ? [userIds] : [...new Set(userIds)];
    if (!namespace || ids.length === 0) return;
    try {
      // One request through the adapter for every user at once (an organisation's members).
      const sockets = await namespace.in(ids.map(roomNames.user)).fetchSockets();
      const authorizer = this.authorizer();
      if (!authorizer && sockets.length > 0) this.logger.warn('No RoomAuthorizer in this process: sockets leave every group and thread room');
      // The same user's sockets share their answers.
      const decisions = new Map<string, Promise<RoomDecision>>();
      for (const socket of sockets) {
        const data = socket.data as Partial<RealtimeSocketData>;
        const user = data.user;
        if (!user) continue;
        for (const name of socket.rooms) {
          const room = parseRoomRequest({ room: name });
          if (!room || room.kind === 'user') continue;
          const key = `${user.id} ${room.name}`;
          let decision = decisions.get(key);
          if (!decision) {
            decision = authorizer ? authorizer.authorize(user, { kind: room.kind, id: room.id }) : Promise.resolve(DENIED);
            decisions.set(key, decision);
          }
          if ((await decision).ok) continue;
          socket.leave(room.name);
          if (room.kind === 'thread' && 'nsp' in socket && data.threadGroups) delete data.threadGroups[room.id];
        }
      }
    } catch (error) {
      this.logger.error({ err: error, userIds: ids.length }, 'Could not revalidate realtime room access');
    }
  }

  async revalidateGroupAudience(workingGroupId: string): Promise<void> {
    const namespace = this.namespace();
    if (!namespace) return;
    try {
      const sockets = await namespace.in(roomNames.groupAudience(workingGroupId)).fetchSockets();
      const userIds = sockets.map((socket) => (socket.data as Partial<RealtimeSocketData>).user?.id).filter((id): id is string => !!id);
      await this.revalidateAccess(userIds);
    } catch (error) {
      this.logger.error({ err: error, workingGroupId }, 'Could not revalidate the audience of a working group');
    }
  }

  async disconnectUser(userId: string, sessionIds?: readonly string[]): Promise<void> {
    const namespace = this.namespace();
    if (!namespace) return;
    try {
      const userRoom = roomNames.user(userId);
      if (!sessionIds) {
        namespace.in(userRoom).disconnectSockets(true);
        return;
      }
      const revoked = new Set(sessionIds);
      for (const socket of await namespace.in(userRoom).fetchSockets()) {
        const sessionId = (socket.data as Partial<RealtimeSocketData>).user?.sessionId;
        if (sessionId && revoked.has(sessionId)) socket.disconnect(true);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'Could not disconnect realtime sockets');
    }
  }

  async closeRoom(room: string): Promise<void> {
    try {
      this.namespace()?.in(room).socketsLeave(room);
    } catch (error) {
      this.logger.error({ err: error, room }, 'Could not close a realtime room');
    }
  }
}

/** The api process: the gateway's namespace (in-memory adapter alone, Redis Streams adapter with REDIS_URL). */
export function gatewayRealtimePublisher(gateway: RealtimeGateway): RealtimePublisher {
  return new NamespaceRealtimePublisher(() => gateway.namespace, () => gateway.roomAuthorizer());
}

/**
 * The worker process (MERIDIAN_ROLE=worker): a socket.io server with no HTTP listener on the same Redis stream as
 * the api instances (STACK.md §8). Never close() it (it has no engine and throws): close its adapters, quit Redis.
 */
@Injectable()
export class HeadlessRealtimePublisher extends NamespaceRealtimePublisher implements OnApplicationShutdown {
  private readonly io: Server;
  private readonly redis?: Redis;

  /** `moduleRef` finds a RoomAuthorizer if this process has one (revalidateAccess); without, re-checked rooms are left. */
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() moduleRef?: ModuleRef) {
    const io = new Server({ connectionStateRecovery: REALTIME_RECOVERY });
    super(() => io.of(REALTIME_NAMESPACE) as unknown as RealtimeNamespace, roomAuthorizerLookup(moduleRef, new Logger('Realtime')));
    this.io = io;
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
      io.adapter(createRealtimeRedisAdapter(this.redis, realtimeStreamName(config.queuePrefix)));
    } else {
      this.logger.warn('MERIDIAN_ROLE=worker without REDIS_URL: realtime events from this process reach no socket');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const name of ['/', REALTIME_NAMESPACE]) await this.io.of(name).adapter.close();
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
