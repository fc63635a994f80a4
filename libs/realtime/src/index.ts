export * from './realtime.adapter';
