import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { Organisation } from './organisation.entity';

export const ORGANISATION_ROLES = ['owner', 'member'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
/** `requested`: the user asked to join and waits for an owner. */
export type OrganisationMembershipState = 'active' | 'requested';

@Entity('organisation_membership')
@Check('CHK_organisation_membership_role', `"role" IN ('owner', 'member')`)
@Check('CHK_organisation_membership_state', `"state" IN ('active', 'requested')`)
@Index('IDX_organisation_membership_user', ['userId', 'state'])
export class OrganisationMembership {
  @PrimaryColumn('uuid')
  organisationId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text', { default: 'member' })
  role: OrganisationRole;

  @Column('text', { default: 'active' })
  state: OrganisationMembershipState;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
