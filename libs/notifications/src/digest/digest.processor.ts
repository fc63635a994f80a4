import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NotificationDigestJob, processorOptions, QueueName } from '@meridian/queue';
import type { Job, Queue } from 'bullmq';
import { DigestService } from './digest.service';

export const DIGEST_SCAN_EVERY_MS = 15 * 60 * 1000;

/** Runs the digest scan every 15 minutes (a job scheduler: one per deployment, whatever the worker count) and sends digests. */
@Processor(QueueName.NotificationDigest, processorOptions(2))
export class DigestProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly digests: DigestService,
    @InjectQueue(QueueName.NotificationDigest) private readonly queue: Queue<NotificationDigestJob>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('digest-scan', { every: DIGEST_SCAN_EVERY_MS }, { name: 'scan', data: { kind: 'scan' } });
  }

  async process(job: Job<NotificationDigestJob>): Promise<unknown> {
    if (job.data.kind === 'scan') return { queued: await this.digests.scan() };
    return this.digests.send(job.data);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    new Logger(DigestProcessor.name).warn(`Job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
