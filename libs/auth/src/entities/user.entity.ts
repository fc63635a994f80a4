import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PLATFORM_ROLES = ['member', 'secretariat', 'admin'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

@Entity('app_user')
@Check('CHK_app_user_platform_role', `"platform_role" IN ('member', 'secretariat', 'admin')`)
@Check('CHK_app_user_status', `"status" IN ('active', 'disabled')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('citext', { unique: true })
  email: string;

  @Column('text')
  passwordHash: string;

  @Column('text')
  displayName: string;

  @Column('citext', { unique: true })
  handle: string;

  @Column('text', { default: 'en' })
  locale: string;

  @Column('text', { default: 'UTC' })
  timezone: string;

  @Column('timestamptz', { nullable: true })
  emailVerifiedAt: Date | null;

  @Column('text', { default: 'member' })
  platformRole: PlatformRole;

  @Column('text', { default: 'active' })
  status: UserStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
