import { Global, Injectable, Module } from '@nestjs/common';
import type { ServerEventName, ServerEventPayload } from './realtime-events';
import { RealtimePublisher } from './realtime-publisher';

/** Placeholder until the socket.io gateway lands: emits nowhere. */
@Injectable()
export class NullRealtimePublisher extends RealtimePublisher {
  emit<E extends ServerEventName>(_rooms: string[], _event: E, _payload: ServerEventPayload<E>): void {}

  async revokeGroupAccess(_userId: string, _workingGroupId: string): Promise<void> {}
}

@Global()
@Module({ providers: [{ provide: RealtimePublisher, useClass: NullRealtimePublisher }], exports: [RealtimePublisher] })
export class RealtimeModule {}
