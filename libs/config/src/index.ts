export * from './app-config';
export * from './config.module';
export * from './env';
export * from './jwt-secret-policy';
export * from './trust-proxy';
