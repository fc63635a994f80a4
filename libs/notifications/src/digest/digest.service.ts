import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { jobIds, NotificationDigestJob, QueueName } from '@meridian/queue';
import type { Queue } from 'bullmq';
import { Clock } from '../clock';
import { NotificationEmailService } from '../email/notification-email.service';
import { MailerService } from '@meridian/mail';
import { NotificationRepository } from '../notification.repository';
import { renderDigestMail } from './digest';

/** Daily and weekly digests at 07:00 in each user's time zone. */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly repository: NotificationRepository,
    private readonly mailer: MailerService,
    private readonly email: NotificationEmailService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.NotificationDigest) private readonly queue: Queue<NotificationDigestJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Queues one `send` job per user and period that is due (jobId dedupes repeated scans), paging through users
   * once: a user stays due until their `send` job runs, so re-reading from the start would spin.
   */
  async scan(): Promise<number> {
    let queued = 0;
    let after: { userId: string; period: string } | null = null;
    for (;;) {
      const due = await this.repository.findDueDigests(this.clock.now(), after);
      if (due.length === 0) return queued;
      await this.queue.addBulk(
        due.map((row) => ({
          name: 'send',
          data: { kind: 'send' as const, userId: row.userId, period: row.period, ledgerKind: row.ledgerKind, before: new Date(row.before).toISOString() },
          opts: { jobId: jobIds.digest(row.userId, row.ledgerKind) },
        })),
      );
      queued += due.length;
      if (due.length < 1000) return queued;
      after = due[due.length - 1];
    }
  }

  async send(job: { userId: string; period: 'daily' | 'weekly'; ledgerKind: string; before: string }): Promise<'sent' | 'skipped' | 'unknown'> {
    const user = await this.repository.findUser(job.userId);
    if (!user?.active) return 'skipped';
    const claim = await this.repository.claimDigest(job.userId, job.period, job.ledgerKind, job.before);
    if (claim === 'unknown') this.logger.warn(`Digest ${job.ledgerKind} to user ${job.userId} was interrupted mid-send; marked unknown, not sent again`);
    if (claim !== 'send') return claim === 'unknown' ? 'unknown' : 'skipped';
    const items = await this.repository.digestItems(job.userId, job.ledgerKind);
    const unsubscribeUrl = this.email.unsubscribeUrl(job.userId, job.period === 'daily' ? 'digest.daily' : 'digest.weekly');
    const mail = renderDigestMail(
      items.map((item) => ({ ...item, createdAt: new Date(item.createdAt).toISOString() })),
      { period: job.period, publicUrl: this.config.publicUrl, unsubscribeUrl, displayName: user.displayName },
    );
    try {
      await this.mailer.send({ to: user.email, ...mail, headers: this.email.unsubscribeHeaders(unsubscribeUrl) });
    } catch (error) {
      await this.repository.finishLedger('digest', job.userId, job.ledgerKind, 'failed', (error as Error).message);
      throw error;
    }
    await this.repository.finishLedger('digest', job.userId, job.ledgerKind, 'sent');
    return 'sent';
  }
}
