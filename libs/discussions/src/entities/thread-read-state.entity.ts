import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { Thread } from './thread.entity';

/**
 * How far a user has read a thread. unread = thread.last_post_seq − last_read_seq − own_posts_after_read,
 * so a user's own posts never count. A new member gets a row per thread at the moment of joining.
 */
@Entity('thread_read_state')
@Index('IDX_thread_read_state_thread', ['threadId'])
export class ThreadReadState {
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

  @Column('integer', { default: 0 })
  lastReadSeq: number;

  /** The user's own posts with seq > last_read_seq. */
  @Column('integer', { default: 0 })
  ownPostsAfterRead: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
