export * from './core.module';
export * from './runtime';
