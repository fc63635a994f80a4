import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { MailJob, processorOptions, QueueName } from '@meridian/queue';
import type { Job } from 'bullmq';
import { MailComposers } from './mail-composers';
import { MailerService } from './mailer.service';

/**
 * Transactional mail (verification, password reset), composed as it is sent. SMTP errors throw, so BullMQ retries
 * with backoff; what the refused mail carried is voided first, and the retry composes afresh.
 */
@Processor(QueueName.Mail, processorOptions(5))
export class MailProcessor extends WorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly mailer: MailerService,
    private readonly composers: MailComposers,
  ) {
    super();
  }

  async process(job: Job<MailJob>): Promise<void> {
    const composed = await this.composers.compose(job.data);
    if (!composed) return;
    try {
      await this.mailer.send(composed.mail);
    } catch (error) {
      await composed.discard?.().catch((discardError: unknown) => this.logger.warn(`Could not void the refused ${job.data.kind} mail's token: ${String(discardError)}`));
      throw error;
    }
  }
}
