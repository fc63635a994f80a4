export * from './mail/mail.module';
export * from './mail/mail.processor';
export * from './mail/mailer.service';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox-events';
export * from './outbox/outbox.module';
export * from './outbox/outbox.service';
