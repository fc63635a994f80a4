import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';

export const EMAIL_LEDGER_STATES = ['sending', 'sent', 'failed', 'unknown'] as const;
export type EmailLedgerState = (typeof EMAIL_LEDGER_STATES)[number];

/**
 * Makes notification mail idempotent (DESIGN.md §6): a row is `sending` before SMTP and `sent` after;
 * a retry that finds `sending` (left by a crash) marks it `unknown` and never sends again.
 * `sourceId` is the outbox event id for `immediate` mail and `digest` for digests.
 */
@Entity('email_ledger')
@Unique('UQ_email_ledger_source_recipient_kind', ['sourceId', 'recipientId', 'kind'])
@Check('CHK_email_ledger_state', `"state" IN ('sending', 'sent', 'failed', 'unknown')`)
@Index('IDX_email_ledger_recipient_created', ['recipientId', 'createdAt'])
@Index('IDX_email_ledger_unknown', { synchronize: false })
export class EmailLedger {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  sourceId: string;

  @Column('uuid')
  recipientId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: User;

  /** `immediate` or `digest:<period>`. */
  @Column('text')
  kind: string;

  @Column('text')
  state: EmailLedgerState;

  @Column('integer', { default: 1 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;
}
