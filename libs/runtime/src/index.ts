export * from './core.module';
export * from './process-lifecycle';
export * from './runtime';
