export * from './factories';
export * from './mail-catcher';
export * from './test-app';
export * from './test-database';
export * from './realtime-client';
export * from './processes';
