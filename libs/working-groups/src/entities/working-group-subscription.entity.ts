import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { WorkingGroup } from './working-group.entity';

export const SUBSCRIPTION_LEVELS = ['watching', 'normal', 'muted'] as const;
export type SubscriptionLevel = (typeof SUBSCRIPTION_LEVELS)[number];

/** A user's notification level for a whole group (no row: `normal`). */
@Entity('working_group_subscription')
@Check('CHK_working_group_subscription_level', `"level" IN ('watching', 'normal', 'muted')`)
/** watchers / muters of a group, for the notification fan-out. */
@Index('IDX_working_group_subscription_group', ['workingGroupId', 'level'])
export class WorkingGroupSubscription {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('uuid')
  workingGroupId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'working_group_id' })
  workingGroup?: WorkingGroup;

  @Column('text')
  level: SubscriptionLevel;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
