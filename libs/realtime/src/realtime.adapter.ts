import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

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
      // Recovered sockets pass the auth middleware again (skipMiddlewares: false).
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    });
    if (this.options.redisUrl) {
      const redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
      this.redisClients.push(redis);
      server.adapter(createAdapter(redis, { streamName: this.options.streamName }));
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  }
}
