import { Global, Module } from '@nestjs/common';
import { UnreadNotificationCounter } from '@meridian/auth';
import { AdminQueuesController } from './admin/admin-queues.controller';
import { AdminQueuesService } from './admin/admin-queues.service';
import { Clock } from './clock';
import { DigestService } from './digest/digest.service';
import { NotificationEmailService } from './email/notification-email.service';
import { UnsubscribeTokens } from './email/unsubscribe-token';
import { FanoutService } from './fanout/fanout.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { NotificationsController } from './notifications.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** The notification engine's services, shared by the api and the worker (needs MailModule, RealtimePublisher, queues). */
@Module({
  providers: [Clock, NotificationRepository, UnsubscribeTokens, NotificationEmailService, FanoutService, DigestService, NotificationService],
  exports: [Clock, NotificationRepository, UnsubscribeTokens, NotificationEmailService, FanoutService, DigestService, NotificationService],
})
export class NotificationEngineModule {}

/** HTTP: /notifications, /me/notification-preferences, /unsubscribe, /admin/queues; the unread count of /me. */
@Global()
@Module({
  imports: [NotificationEngineModule],
  controllers: [NotificationsController, UnsubscribeController, AdminQueuesController],
  providers: [NotificationPreferencesService, AdminQueuesService, { provide: UnreadNotificationCounter, useExisting: NotificationService }],
  exports: [NotificationEngineModule, UnreadNotificationCounter],
})
export class NotificationsModule {}
