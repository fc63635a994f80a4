import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { jobIds, NotificationEmailJob, NotificationFanoutJob, QueueName } from '@meridian/queue';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '../notification.repository';

const BATCH = 500;
const IDLE_POLL_MS = 200;
const SWEEP_EVERY_MS = 30_000;
const PRUNE_EVERY_MS = 3600_000;
const PRUNE_DONE_AFTER_DAYS = 7;
const QUEUE_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${QUEUE_TIMEOUT_MS} ms`)), QUEUE_TIMEOUT_MS);
    }),
  ]);
}

/**
 * The outbox relay (worker side): moves committed `pending` events into BullMQ (jobId `outbox-<id>`) and
 * marks them `relayed`, in one transaction holding row locks taken with SKIP LOCKED, so M workers share
 * the work. `relayed` events not `done` after OUTBOX_REDELIVER_SECONDS are put on the queue again (a Redis
 * restart without persistence loses nothing; the job id makes it a no-op while the job still exists).
 * It also re-queues immediate mail whose job was lost, and prunes `done` events.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastSweep = 0;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NotificationRepository,
    @InjectQueue(QueueName.NotificationFanout) private readonly fanoutQueue: Queue<NotificationFanoutJob>,
    @InjectQueue(QueueName.NotificationEmail) private readonly emailQueue: Queue<NotificationEmailJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Relays one batch; returns how many events were put on the queue. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.repository.lockRelayable(manager, BATCH, this.config.notifications.outboxRedeliverSeconds);
      if (ids.length === 0) return 0;
      await withTimeout(
        this.fanoutQueue.addBulk(ids.map((eventId) => ({ name: 'fanout', data: { eventId }, opts: { jobId: jobIds.fanout(eventId) } }))),
        'The queue',
      );
      await this.repository.markRelayed(manager, ids);
      return ids.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        await this.housekeeping();
      } catch (error) {
        this.logger.warn(`Outbox relay: ${(error as Error).message}`);
        await this.sleep(1000);
      }
      if (relayed < BATCH) await this.sleep(IDLE_POLL_MS);
    }
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      const lost = await this.repository.staleQueuedEmails(this.config.notifications.outboxRedeliverSeconds, 1000);
      if (lost.length) {
        await withTimeout(
          this.emailQueue.addBulk(lost.map((row) => ({ name: 'send', data: row, opts: { jobId: jobIds.email(row.eventId, row.userId) } }))),
          'The queue',
        );
      }
    }
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      const pruned = await this.repository.pruneDoneEvents(PRUNE_DONE_AFTER_DAYS);
      if (pruned) this.logger.log(`Pruned ${pruned} done outbox events`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
