import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** The socket.io namespace of every realtime client (API.md "Realtime"). */
export const REALTIME_NAMESPACE = '/realtime';

/**
 * Connection-state recovery: a client that drops for up to 2 minutes gets the events it missed on reconnect.
 * Recovered sockets pass the auth middleware again (skipMiddlewares: false). The worker's headless server
 * uses the same options, so what it emits carries stream offsets too.
 */
export const REALTIME_RECOVERY = { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false };

/** One stream shared by every api instance and the worker; under the queue prefix so a Redis Cluster hash tag applies. */
export function realtimeStreamName(queuePrefix: string): string {
  return `${queuePrefix}:socket.io`;
}

/**
 * The Redis Streams adapter as every Meridian process configures it (recovery sessions live beside the stream).
 * Its reader is a blocking XREAD that only notices a close when the call returns: 1 s instead of the default 5 s
 * lets a closing process exit promptly (new entries still arrive at once; idle, it is one XREAD a second).
 */
export function createRealtimeRedisAdapter(redis: Redis, streamName: string) {
  return createAdapter(redis, { streamName, sessionKeyPrefix: `${streamName}:session:`, blockTimeInMs: 1000 });
}

export interface RealtimeAdapterOptions {
  /** With Redis, the Streams adapter carries events across api instances and the worker. */
  redisUrl?: string;
  streamName: string;
  corsOrigins: string[];
}

/**
 * socket.io for every api instance: the Redis Streams adapter (survives Redis restarts, supports
 * connection-state recovery) when REDIS_URL is set, the in-memory adapter in the single embedded process.
 */
export class RealtimeAdapter extends IoAdapter {
  private readonly redisClients: Redis[] = [];

  constructor(app: INestApplicationContext, private readonly options: RealtimeAdapterOptions) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.options.corsOrigins, credentials: true },
      connectionStateRecovery: REALTIME_RECOVERY,
    });
    if (this.options.redisUrl) {
      const redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
      this.redisClients.push(redis);
      server.adapter(createRealtimeRedisAdapter(redis, this.options.streamName));
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  }
}
