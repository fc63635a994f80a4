import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { jobIds, NotificationEmailJob, QueueName } from '@meridian/queue';
import { RealtimePublisher, rooms } from '@meridian/realtime';
import type { Queue } from 'bullmq';
import { toNotificationDto } from '../notification.mapper';
import { NotificationRepository } from '../notification.repository';
import { resolverFor } from './recipient-resolvers';

export interface FanoutProgress {
  /** The last recipient id of the last fully handled page: a retried job resumes after it. */
  cursor: string | null;
  written: number;
}

/**
 * Turns one outbox event into notifications: pages of recipients, one INSERT per page, a
 * `notification.new` push per inserted in-app row, `addBulk` of immediate mail, `done` at the end.
 * Every step is idempotent, so a retried or duplicated job writes and mails nothing twice.
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger(FanoutService.name);

  constructor(
    private readonly repository: NotificationRepository,
    private readonly realtime: RealtimePublisher,
    @InjectQueue(QueueName.NotificationEmail) private readonly emailQueue: Queue<NotificationEmailJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fanOut(eventId: string, resumeFrom: FanoutProgress | null, onPage: (progress: FanoutProgress) => Promise<void>): Promise<FanoutProgress> {
    const progress: FanoutProgress = { cursor: resumeFrom?.cursor ?? null, written: resumeFrom?.written ?? 0 };
    const event = await this.repository.findEvent(eventId);
    if (!event || event.state === 'done') return progress;
    const resolver = resolverFor(event.type);
    if (!resolver) {
      await this.repository.markEventDone(eventId);
      return progress;
    }
    const context = await this.repository.eventContext(resolver.contextSql, event.payload, event.actorId);
    const notificationPayload = { ...event.payload, ...context };
    const link = resolver.link(event.payload as never);
    const limit = this.config.notifications.pageSize;
    for (;;) {
      const page = await this.repository.insertPage({
        eventId,
        candidatesSql: resolver.candidatesSql,
        eventPayload: event.payload,
        actorId: event.actorId,
        cursor: progress.cursor,
        limit,
        notificationPayload,
        link,
      });
      for (const row of page.inserted) {
        if (row.inApp) this.realtime.emit([rooms.user(row.recipientId)], 'notification.new', { notification: { ...toNotificationDto(row) } });
      }
      const mailTo = new Set([...page.inserted.filter((row) => row.emailState === 'queued').map((row) => row.recipientId), ...page.queuedBefore]);
      if (mailTo.size) {
        await this.emailQueue.addBulk(
          [...mailTo].map((userId) => ({ name: 'send', data: { eventId, userId }, opts: { jobId: jobIds.email(eventId, userId) } })),
        );
      }
      progress.written += page.inserted.length;
      if (page.lastRecipientId) progress.cursor = page.lastRecipientId;
      await onPage(progress);
      if (page.pageSize < limit) break;
    }
    await this.repository.markEventDone(eventId);
    this.logger.debug(`Outbox event ${eventId} (${event.type}): ${progress.written} notifications`);
    return progress;
  }
}
