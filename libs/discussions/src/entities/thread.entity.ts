import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { WorkingGroup } from '@meridian/working-groups';

/**
 * A discussion in a working group. `last_post_seq` hands out post numbers (1, 2, 3…) atomically;
 * unread counts are `last_post_seq − last_read_seq − own posts after it`, arithmetic rather than a scan.
 */
@Entity('thread')
// (working_group_id, pinned DESC, last_activity_at DESC, id DESC) WHERE deleted_at IS NULL: the thread list; created by the migration.
@Index('IDX_thread_group_listing', { synchronize: false })
export class Thread {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workingGroupId: string;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'working_group_id' })
  workingGroup?: WorkingGroup;

  @Column('text')
  title: string;

  @Column('uuid', { nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @Column('boolean', { default: false })
  pinned: boolean;

  @Column('boolean', { default: false })
  locked: boolean;

  @Column('boolean', { default: false })
  isAnnouncement: boolean;

  /** Posts that are not deleted. */
  @Column('integer', { default: 0 })
  postCount: number;

  /** The seq of the newest post (deleted ones included); the next post gets last_post_seq + 1. */
  @Column('integer', { default: 0 })
  lastPostSeq: number;

  @Column('timestamptz', { default: () => 'now()' })
  lastActivityAt: Date;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @Column('uuid', { nullable: true })
  deletedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
