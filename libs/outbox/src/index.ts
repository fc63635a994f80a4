export * from './outbox-event.entity';
export * from './outbox-events';
export * from './outbox.module';
export * from './outbox.service';
