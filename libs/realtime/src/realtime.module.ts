import { DynamicModule, Global, Module } from '@nestjs/common';
import { RealtimeAccess } from '@meridian/auth';
import { RealtimePublisher } from './realtime-publisher';
import { RealtimeGateway } from './realtime.gateway';
import { gatewayRealtimePublisher, HeadlessRealtimePublisher } from './socket-io-realtime-publisher';

/**
 * Realtime for each kind of process; both export RealtimePublisher (global) for the domain libs and processors,
 * and the same instance as auth's RealtimeAccess (auth cannot import this lib: it depends on auth).
 * - forApi(): the `/realtime` gateway, and a publisher emitting through it (MERIDIAN_ROLE=api, and `all`,
 *   where the worker's processors run in the api process and share it).
 * - forWorker(): a listener-less socket.io server on the api's Redis stream (MERIDIAN_ROLE=worker).
 */
@Global()
@Module({})
export class RealtimeModule {
  static forApi(): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        RealtimeGateway,
        { provide: RealtimePublisher, inject: [RealtimeGateway], useFactory: gatewayRealtimePublisher },
        { provide: RealtimeAccess, useExisting: RealtimePublisher },
      ],
      exports: [RealtimePublisher, RealtimeAccess, RealtimeGateway],
    };
  }

  static forWorker(): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        HeadlessRealtimePublisher,
        { provide: RealtimePublisher, useExisting: HeadlessRealtimePublisher },
        { provide: RealtimeAccess, useExisting: HeadlessRealtimePublisher },
      ],
      exports: [RealtimePublisher, RealtimeAccess],
    };
  }
}
