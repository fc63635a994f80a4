import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The outbox_event table's writes. */
@Injectable()
export class OutboxRepository {
  async insert(manager: EntityManager, event: { type: string; payload: unknown; actorId: string | null }): Promise<string> {
    const [row] = await manager.query(`INSERT INTO outbox_event (type, payload, actor_id) VALUES ($1, $2, $3) RETURNING id`, [
      event.type,
      JSON.stringify(event.payload),
      event.actorId,
    ]);
    return String(row.id);
  }
}
