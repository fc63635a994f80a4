import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Queue as RedisQueue, Worker as RedisWorker, createPostgresBackend, withBackend } from 'bullmq';
import { ALL_QUEUES } from './queues';

export type QueueBackendOptions =
  | { kind: 'redis'; redisUrl: string; prefix: string }
  | { kind: 'postgres'; databaseUrl: string; prefix: string };

const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * BullMQ on Redis when REDIS_URL is set, on its PostgreSQL backend otherwise (the embedded default).
 * Processors are the same on both.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueBackendOptions): DynamicModule {
    // @nestjs/bullmq reads these statics when it builds queue providers and workers, so set them every time.
    if (options.kind === 'postgres') {
      const { Queue, Worker } = withBackend(createPostgresBackend);
      BullModule.queueClass = Queue;
      BullModule.workerClass = Worker;
    } else {
      BullModule.queueClass = RedisQueue;
      BullModule.workerClass = RedisWorker;
    }
    const connection =
      options.kind === 'redis'
        ? { url: options.redisUrl, maxRetriesPerRequest: null }
        : { connectionString: options.databaseUrl, migrate: true };
    const root = BullModule.forRoot({ connection: connection as never, prefix: options.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return { module: QueueModule, imports: [root, queues], exports: [root, queues] };
  }
}
