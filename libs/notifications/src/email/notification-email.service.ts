import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { MailerService } from '@meridian/mail';
import { NotificationRepository } from '../notification.repository';
import { NOTIFICATION_TYPES, NotificationType } from '../notification-types';
import { renderNotificationMail, RenderedMail } from './templates';
import { UnsubscribeTarget, UnsubscribeTokens } from './unsubscribe-token';

export type EmailOutcome = 'sent' | 'skipped' | 'capped' | 'unknown';

/** Sends notification mail through the email ledger, so a retried job never mails twice. */
@Injectable()
export class NotificationEmailService {
  private readonly logger = new Logger(NotificationEmailService.name);

  constructor(
    private readonly repository: NotificationRepository,
    private readonly mailer: MailerService,
    private readonly tokens: UnsubscribeTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  unsubscribeUrl(userId: string, target: UnsubscribeTarget): string {
    return `${this.config.publicUrl}/api/v1/unsubscribe?token=${this.tokens.sign(userId, target)}`;
  }

  /** RFC 8058 one-click headers. */
  unsubscribeHeaders(url: string): Record<string, string> {
    return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  /** Throws on an SMTP error (ledger `failed`), so BullMQ retries with backoff. */
  async sendImmediate(eventId: string, userId: string): Promise<EmailOutcome> {
    const notification = await this.repository.findForEmail(eventId, userId);
    if (!notification || !['queued', 'sending', 'failed'].includes(notification.emailState)) return 'skipped';
    if (!notification.userActive) {
      await this.repository.dropQueuedEmail(eventId, userId);
      return 'skipped';
    }
    const claim = await this.repository.claimImmediate(eventId, userId, this.config.notifications.emailDailyCap);
    if (claim === 'unknown') this.logger.warn(`Mail for event ${eventId} to user ${userId} was interrupted mid-send; marked unknown, not sent again`);
    if (claim !== 'send') return claim === 'skip' ? 'skipped' : claim;
    const type = notification.type as NotificationType;
    const url = this.unsubscribeUrl(userId, type);
    const mail: RenderedMail = renderNotificationMail(notification, {
      publicUrl: this.config.publicUrl,
      unsubscribeUrl: url,
      what: NOTIFICATION_TYPES[type]?.description ?? type,
    });
    try {
      await this.mailer.send({ to: notification.email, ...mail, headers: this.unsubscribeHeaders(url) });
    } catch (error) {
      await this.repository.finishLedger(eventId, userId, 'immediate', 'failed', (error as Error).message);
      throw error;
    }
    await this.repository.finishLedger(eventId, userId, 'immediate', 'sent');
    return 'sent';
  }
}
