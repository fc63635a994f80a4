export * from './audit-log.module';
