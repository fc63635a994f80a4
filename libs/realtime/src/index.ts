export * from './realtime-events';
export * from './realtime-publisher';
export * from './realtime.adapter';
export * from './realtime.module';
