import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import { Country, OrganisationTypeRow } from '@meridian/taxonomy';
import type { OrganisationType } from '@meridian/taxonomy';

export const ORGANISATION_STATUSES = ['applied', 'approved', 'rejected', 'suspended'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

@Entity('organisation')
@Check('CHK_organisation_status', `"status" IN ('applied', 'approved', 'rejected', 'suspended')`)
@Index('IDX_organisation_status_name', ['status', 'name'])
// search_fold(name || ' ' || acronym) gin_trgm_ops, for `q` (migration 1763900050000)
@Index('IDX_organisation_search_trgm', { synchronize: false })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('citext', { unique: true })
  name: string;

  @Column('text', { nullable: true })
  acronym: string | null;

  @Column('text')
  type: OrganisationType;

  @ManyToOne(() => OrganisationTypeRow)
  @JoinColumn({ name: 'type' })
  typeRow?: OrganisationTypeRow;

  @Column('text')
  country: string;

  @ManyToOne(() => Country)
  @JoinColumn({ name: 'country' })
  countryRow?: Country;

  @Column('text', { nullable: true })
  website: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { default: 'applied' })
  status: OrganisationStatus;

  /** Why the secretariat last changed the status (rejection or suspension reason). */
  @Column('text', { nullable: true })
  statusReason: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User;

  @Column('timestamptz', { nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
