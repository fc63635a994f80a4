import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxEventInput, OutboxEventType } from './outbox-events';

/** Records domain events in the caller's transaction, so an event exists exactly when its change committed. */
@Injectable()
export class OutboxService {
  async record<T extends OutboxEventType>(manager: EntityManager, event: OutboxEventInput<T>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox event ${event.type} must be recorded inside the transaction of the change it announces`);
    }
    const [row] = await manager.query(
      `INSERT INTO outbox_event (type, payload, actor_id) VALUES ($1, $2, $3) RETURNING id`,
      [event.type, JSON.stringify(event.payload), event.actorId ?? null],
    );
    return String(row.id);
  }
}
