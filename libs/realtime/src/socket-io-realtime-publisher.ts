import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createRealtimeRedisAdapter, REALTIME_NAMESPACE, REALTIME_RECOVERY, realtimeStreamName } from './realtime.adapter';
import { rooms as roomNames, ServerEventName, ServerEventPayload, ServerToClientEvents } from './realtime-events';
import { RealtimePublisher } from './realtime-publisher';
import type { RealtimeNamespace, RealtimeSocketData } from './realtime-socket';
import { RealtimeGateway } from './realtime.gateway';

/**
 * Emits through a `/realtime` namespace: with the Redis Streams adapter every instance delivers to its own sockets.
 * `namespace()` is undefined until the server exists (and in a process without one): then there is no one to tell.
 */
export class NamespaceRealtimePublisher extends RealtimePublisher {
  constructor(private readonly namespace: () => RealtimeNamespace | undefined) {
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
}

/** The api process: the gateway's namespace (in-memory adapter alone, Redis Streams adapter with REDIS_URL). */
export function gatewayRealtimePublisher(gateway: RealtimeGateway): RealtimePublisher {
  return new NamespaceRealtimePublisher(() => gateway.namespace);
}

/**
 * The worker process (MERIDIAN_ROLE=worker): a socket.io server with no HTTP listener on the same Redis stream as
 * the api instances (STACK.md §8). Never close() it (it has no engine and throws): close its adapters, quit Redis.
 */
@Injectable()
export class HeadlessRealtimePublisher extends NamespaceRealtimePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly io: Server;
  private readonly redis?: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const io = new Server({ connectionStateRecovery: REALTIME_RECOVERY });
    super(() => io.of(REALTIME_NAMESPACE) as unknown as RealtimeNamespace);
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
