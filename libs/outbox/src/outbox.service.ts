import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxEventInput, OutboxEventType } from './outbox-events';
import { OutboxRepository } from './outbox.repository';

/** Records domain events in the caller's transaction, so an event exists exactly when its change committed. */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  async record<T extends OutboxEventType>(manager: EntityManager, event: OutboxEventInput<T>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox event ${event.type} must be recorded inside the transaction of the change it announces`);
    }
    return this.outbox.insert(manager, { type: event.type, payload: event.payload, actorId: event.actorId ?? null });
  }
}
