import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@meridian/auth';
import { OutboxEvent } from '@meridian/outbox';
import type { EmailState } from '../notification-types';

/**
 * One notification per (source event, recipient). `inApp` false means the recipient turned the in-app
 * channel off but still gets it by email; such rows never show in the list or the unread count.
 */
@Entity('notification')
@Unique('UQ_notification_event_recipient', ['sourceEventId', 'recipientId'])
@Check('CHK_notification_email_state', `"email_state" IN ('none', 'queued', 'daily', 'weekly', 'sending', 'sent', 'digested', 'failed', 'unknown')`)
@Index('IDX_notification_recipient_created', ['recipientId', 'createdAt', 'id'])
@Index('IDX_notification_unread', { synchronize: false })
@Index('IDX_notification_email_queued', { synchronize: false })
@Index('IDX_notification_digest_pending', { synchronize: false })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  recipientId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: User;

  @Column('text')
  type: string;

  /** Null once the outbox row was pruned (only `done` events are pruned, long after their fan-out). */
  @Column('bigint', { nullable: true })
  sourceEventId: string | null;

  @ManyToOne(() => OutboxEvent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'source_event_id' })
  sourceEvent?: OutboxEvent;

  /** What the texts need: names and titles as they were when the event happened. */
  @Column('jsonb')
  payload: Record<string, unknown>;

  /** Path under PUBLIC_URL the notification opens. */
  @Column('text')
  link: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  @Column('boolean', { default: true })
  inApp: boolean;

  @Column('text', { default: 'none' })
  emailState: EmailState;

  /** The digest ledger kind (`digest:2026-11-23`, `digest:week-2026-11-23`) that carried it. */
  @Column('text', { nullable: true })
  digestKey: string | null;
}
