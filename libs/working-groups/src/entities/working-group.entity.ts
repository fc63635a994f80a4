import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';

export const WORKING_GROUP_VISIBILITIES = ['public', 'network', 'private'] as const;
export type WorkingGroupVisibility = (typeof WORKING_GROUP_VISIBILITIES)[number];
export const JOIN_POLICIES = ['open', 'approval', 'invite_only'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];
export const WORKING_GROUP_STATUSES = ['active', 'archived'] as const;
export type WorkingGroupStatus = (typeof WORKING_GROUP_STATUSES)[number];

@Entity('working_group')
@Check('CHK_working_group_visibility', `"visibility" IN ('public', 'network', 'private')`)
@Check('CHK_working_group_join_policy', `"join_policy" IN ('open', 'approval', 'invite_only')`)
@Check('CHK_working_group_status', `"status" IN ('active', 'archived')`)
@Index('IDX_working_group_name', ['name', 'id'])
// GIN indexes (array containment filters, trigram name search) are created by the migration.
@Index('IDX_working_group_gcm_objectives', { synchronize: false })
@Index('IDX_working_group_countries', { synchronize: false })
@Index('IDX_working_group_name_trgm', { synchronize: false })
export class WorkingGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('citext', { unique: true })
  slug: string;

  @Column('text')
  name: string;

  /** Terms of reference, markdown. */
  @Column('text')
  mandate: string;

  @Column('text')
  visibility: WorkingGroupVisibility;

  @Column('text')
  joinPolicy: JoinPolicy;

  @Column('smallint', { array: true, default: () => `'{}'` })
  gcmObjectives: number[];

  @Column('text', { array: true, default: () => `'{}'` })
  countries: string[];

  @Column('text', { default: 'active' })
  status: WorkingGroupStatus;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
