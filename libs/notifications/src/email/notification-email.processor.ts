import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { NotificationEmailJob, processorOptions, QueueName } from '@meridian/queue';
import type { Job } from 'bullmq';
import { EmailOutcome, NotificationEmailService } from './notification-email.service';

/** Immediate notification mail (jobId `<eventId>-<userId>-email`); SMTP errors throw and are retried with backoff. */
@Processor(QueueName.NotificationEmail, processorOptions(5))
export class NotificationEmailProcessor extends WorkerHost {
  constructor(private readonly email: NotificationEmailService) {
    super();
  }

  async process(job: Job<NotificationEmailJob>): Promise<EmailOutcome> {
    return this.email.sendImmediate(job.data.eventId, job.data.userId);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    new Logger(NotificationEmailProcessor.name).warn(`Job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
