import { Module } from '@nestjs/common';
import { MailWorkerModule } from '@meridian/mail';
import { ProcessorCoverageModule } from '@meridian/queue';
import { DigestProcessor } from './digest/digest.processor';
import { NotificationEmailProcessor } from './email/notification-email.processor';
import { FanoutProcessor } from './fanout/fanout.processor';
import { NotificationEngineModule } from './notifications.module';
import { OutboxRelay } from './relay/outbox-relay';

/**
 * Every BullMQ processor (the engine's and the mail queue's), the outbox relay, and the check that each queue
 * has exactly one processor. Loaded by the worker process, and by the api in the single-process embedded
 * default (MERIDIAN_ROLE=all).
 */
@Module({
  imports: [NotificationEngineModule, MailWorkerModule, ProcessorCoverageModule],
  providers: [FanoutProcessor, NotificationEmailProcessor, DigestProcessor, OutboxRelay],
})
export class NotificationsWorkerModule {}
