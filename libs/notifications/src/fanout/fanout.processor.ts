import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { NotificationFanoutJob, processorOptions, QueueName } from '@meridian/queue';
import type { Job } from 'bullmq';
import { FanoutProgress, FanoutService } from './fanout.service';

/** One job per relayed outbox event (jobId `outbox-<id>`). Progress carries the page cursor across retries. */
@Processor(QueueName.NotificationFanout, processorOptions(4))
export class FanoutProcessor extends WorkerHost {
  constructor(private readonly fanout: FanoutService) {
    super();
  }

  async process(job: Job<NotificationFanoutJob>): Promise<FanoutProgress> {
    const resume = typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as FanoutProgress) : null;
    return this.fanout.fanOut(job.data.eventId, resume, (progress) => job.updateProgress({ ...progress }));
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    new Logger(FanoutProcessor.name).warn(`Job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
