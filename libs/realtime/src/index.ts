export * from './realtime-events';
export * from './realtime-publisher';
export * from './realtime-socket';
export * from './realtime.adapter';
export * from './realtime.gateway';
export * from './realtime.module';
export * from './socket-io-realtime-publisher';
