import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATES = ['pending', 'relayed', 'done'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * A domain event written in the same transaction as the change it announces.
 * The worker relays it to BullMQ (`pending → relayed`) and marks it `done` once fanned out.
 */
@Entity('outbox_event')
@Check('CHK_outbox_event_state', `"state" IN ('pending', 'relayed', 'done')`)
@Index('IDX_outbox_event_open', { synchronize: false })
export class OutboxEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { default: 'pending' })
  state: OutboxState;

  @Column('integer', { default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  doneAt: Date | null;
}
