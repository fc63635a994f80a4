import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One secretariat, admin or security-relevant action. Append-only: a trigger rejects UPDATE and DELETE. */
@Entity('audit_log')
@Index('IDX_audit_log_at', ['at', 'id'])
@Index('IDX_audit_log_actor', ['actorId', 'at'])
@Index('IDX_audit_log_target', ['targetType', 'targetId'])
@Index('IDX_audit_log_action', ['action', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  @Column('text')
  targetType: string;

  @Column('text', { nullable: true })
  targetId: string | null;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;
}
