export * from './mail-composer';
export * from './mail-redaction';
export * from './mail-worker.module';
export * from './mail.module';
export * from './mail.processor';
export * from './mail.queue';
export * from './mailer.service';
