import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@meridian/auth';
import type { EmailChannel, InAppChannel } from '../notification-types';

/** A user's choice for one notification type; absent rows mean the type's defaults. */
@Entity('notification_preference')
@Check('CHK_notification_preference_in_app', `"in_app" IN ('immediate', 'off')`)
@Check('CHK_notification_preference_email', `"email" IN ('immediate', 'daily', 'weekly', 'off')`)
export class NotificationPreference {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @PrimaryColumn('text')
  type: string;

  @Column('text')
  inApp: InAppChannel;

  @Column('text')
  email: EmailChannel;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
