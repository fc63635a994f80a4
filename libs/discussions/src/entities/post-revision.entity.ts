import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@meridian/auth';
import { Post } from './post.entity';

/** An earlier version of a post, kept when an edit replaced it. */
@Entity('post_revision')
@Unique('UQ_post_revision_version', ['postId', 'version'])
export class PostRevision {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  postId: string;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Post;

  /** 1 is the original text. */
  @Column('integer')
  version: number;

  @Column('text')
  body: string;

  @Column('text')
  bodyHtml: string;

  /** When this version was written (the post's creation or an earlier edit). */
  @Column('timestamptz')
  writtenAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  replacedAt: Date;

  @Column('uuid', { nullable: true })
  replacedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replaced_by_id' })
  replacedBy?: User;
}
