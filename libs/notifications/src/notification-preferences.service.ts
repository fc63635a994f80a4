import { Injectable } from '@nestjs/common';
import { ErrorDetail, ValidationFailedError } from '@meridian/common';
import { DataSource } from 'typeorm';
import { InvalidUnsubscribeTokenError, UnsubscribeTarget, UnsubscribeTokens } from './email/unsubscribe-token';
import { NotificationRepository } from './notification.repository';
import {
  EMAIL_CHANNEL_VALUES,
  EmailChannel,
  IN_APP_CHANNEL_VALUES,
  InAppChannel,
  isNotificationType,
  NOTIFICATION_TYPE_NAMES,
  NOTIFICATION_TYPES,
  NotificationType,
} from './notification-types';

type Effective = Record<NotificationType, { inApp: InAppChannel; email: EmailChannel }>;

export interface UnsubscribeDescription {
  target: UnsubscribeTarget;
  /** The types whose email the link turns off. */
  types: NotificationType[];
  description: string;
}

/** Per-type channel preferences, and the one-click unsubscribe that edits them without a login. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly tokens: UnsubscribeTokens,
    private readonly dataSource: DataSource,
  ) {}

  async effective(userId: string): Promise<Effective> {
    const saved = new Map((await this.repository.preferences(userId)).map((row) => [row.type, row]));
    return Object.fromEntries(
      NOTIFICATION_TYPE_NAMES.map((type) => {
        const row = saved.get(type);
        return [type, { inApp: row?.inApp ?? NOTIFICATION_TYPES[type].inApp, email: row?.email ?? NOTIFICATION_TYPES[type].email }];
      }),
    ) as Effective;
  }

  /** Validates the whole body first (400 naming each bad field), then saves the subset sent. */
  async update(userId: string, body: unknown): Promise<Effective> {
    const changes = this.parse(body);
    const current = await this.effective(userId);
    await this.repository.savePreferences(
      userId,
      Object.entries(changes).map(([type, change]) => ({ type, ...current[type as NotificationType], ...change })),
    );
    return this.effective(userId);
  }

  private parse(body: unknown): Partial<Record<NotificationType, { inApp?: InAppChannel; email?: EmailChannel }>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ValidationFailedError([{ field: 'body', message: 'must be an object keyed by notification type' }]);
    }
    const details: ErrorDetail[] = [];
    const changes: Partial<Record<NotificationType, { inApp?: InAppChannel; email?: EmailChannel }>> = {};
    for (const [type, value] of Object.entries(body)) {
      if (!isNotificationType(type)) {
        details.push({ field: type, message: `unknown notification type; one of ${NOTIFICATION_TYPE_NAMES.join(', ')}` });
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        details.push({ field: type, message: 'must be an object with inApp and/or email' });
        continue;
      }
      const change: { inApp?: InAppChannel; email?: EmailChannel } = {};
      for (const [channel, setting] of Object.entries(value)) {
        if (channel === 'inApp') {
          if ((IN_APP_CHANNEL_VALUES as readonly unknown[]).includes(setting)) change.inApp = setting as InAppChannel;
          else details.push({ field: `${type}.inApp`, message: `must be one of ${IN_APP_CHANNEL_VALUES.join(', ')}` });
        } else if (channel === 'email') {
          if ((EMAIL_CHANNEL_VALUES as readonly unknown[]).includes(setting)) change.email = setting as EmailChannel;
          else details.push({ field: `${type}.email`, message: `must be one of ${EMAIL_CHANNEL_VALUES.join(', ')}` });
        } else {
          details.push({ field: `${type}.${channel}`, message: 'unknown channel; use inApp or email' });
        }
      }
      changes[type] = change;
    }
    if (details.length) throw new ValidationFailedError(details);
    return changes;
  }

  /** What a token would turn off, without changing anything (the GET page). */
  async describeUnsubscribe(token: string | undefined): Promise<UnsubscribeDescription> {
    const { userId, target } = this.tokens.verify(token);
    if (!(await this.repository.findUser(userId))) throw new InvalidUnsubscribeTokenError();
    return this.describe(target, await this.effective(userId));
  }

  /** RFC 8058 one-click: turns that type's email (or that digest) off. */
  async unsubscribe(token: string | undefined): Promise<UnsubscribeDescription> {
    const { userId, target } = this.tokens.verify(token);
    if (!(await this.repository.findUser(userId))) throw new InvalidUnsubscribeTokenError();
    return this.dataSource.transaction(async (manager) => {
      const current = await this.effective(userId);
      const description = this.describe(target, current);
      await this.repository.savePreferences(
        userId,
        description.types.map((type) => ({ type, inApp: current[type].inApp, email: 'off' as const })),
        manager,
      );
      return description;
    });
  }

  private describe(target: UnsubscribeTarget, current: Effective): UnsubscribeDescription {
    if (target === 'digest.daily' || target === 'digest.weekly') {
      const period = target === 'digest.daily' ? 'daily' : 'weekly';
      const types = NOTIFICATION_TYPE_NAMES.filter((type) => current[type].email === period);
      return { target, types, description: `the ${period} digest email (${types.map((type) => NOTIFICATION_TYPES[type].description.toLowerCase()).join('; ') || 'nothing is in it now'})` };
    }
    return { target, types: [target], description: `emails about ${NOTIFICATION_TYPES[target].description.toLowerCase()}` };
  }
}
