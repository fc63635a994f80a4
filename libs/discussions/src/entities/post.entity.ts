import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@meridian/auth';
import { Thread } from './thread.entity';

/** A post; deleting leaves a tombstone (deleted_at) so replies keep their place. */
@Entity('post')
/** Keyset paging of a thread, oldest first, and the seq → post lookup. */
@Unique('UQ_post_thread_seq', ['threadId', 'seq'])
@Index('IDX_post_parent', ['parentId'], { where: `"parent_id" IS NOT NULL` })
@Index('IDX_post_author', ['authorId', 'createdAt'])
export class Post {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  threadId: string;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Thread;

  /** 1, 2, 3… within the thread. */
  @Column('integer')
  seq: number;

  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Post, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Post;

  @Column('uuid', { nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  /** Markdown source as written. */
  @Column('text')
  body: string;

  /** Rendered and sanitised HTML. */
  @Column('text')
  bodyHtml: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  editedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @Column('uuid', { nullable: true })
  deletedById: string | null;
}
