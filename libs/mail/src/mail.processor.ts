import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MailJob, processorOptions, QueueName } from '@meridian/queue';
import type { Job } from 'bullmq';
import { MailerService } from './mailer.service';

/** Transactional mail (verification, password reset). SMTP errors throw, so BullMQ retries with backoff. */
@Processor(QueueName.Mail, processorOptions(5))
export class MailProcessor extends WorkerHost {
  constructor(private readonly mailer: MailerService) {
    super();
  }

  async process(job: Job<MailJob>): Promise<void> {
    await this.mailer.send(job.data);
  }
}
