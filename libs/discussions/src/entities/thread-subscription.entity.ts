import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import type { SubscriptionLevel } from '@meridian/working-groups';
import { Thread } from './thread.entity';

/** A user's notification level for one thread (no row: the group's level). */
@Entity('thread_subscription')
@Check('CHK_thread_subscription_level', `"level" IN ('watching', 'normal', 'muted')`)
/** watchers / muters of a thread, for the notification fan-out. */
@Index('IDX_thread_subscription_thread', ['threadId', 'level'])
export class ThreadSubscription {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('uuid')
  threadId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Thread;

  @Column('text')
  level: SubscriptionLevel;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
