import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { WorkingGroup } from './working-group.entity';

export const MEMBERSHIP_ROLES = ['chair', 'co_chair', 'member', 'observer'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export const MEMBERSHIP_STATES = ['pending', 'invited', 'active', 'left', 'removed'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

@Entity('working_group_membership')
@Check('CHK_working_group_membership_role', `"role" IN ('chair', 'co_chair', 'member', 'observer')`)
@Check('CHK_working_group_membership_state', `"state" IN ('pending', 'invited', 'active', 'left', 'removed')`)
/** "my groups", visibility of private groups, mention resolution. */
@Index('IDX_working_group_membership_user', ['userId', 'state'])
/** member lists and counts, the last-chair rule. */
@Index('IDX_working_group_membership_group_state', ['workingGroupId', 'state', 'role'])
export class WorkingGroupMembership {
  @PrimaryColumn('uuid')
  workingGroupId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'working_group_id' })
  workingGroup?: WorkingGroup;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text', { default: 'member' })
  role: MembershipRole;

  @Column('text')
  state: MembershipState;

  @Column('uuid', { nullable: true })
  invitedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by_id' })
  invitedBy?: User;

  @Column('timestamptz', { nullable: true })
  joinedAt: Date | null;

  /** Why a chair declined or removed the membership, when they said. */
  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
