export * from './audit-log-http.module';
