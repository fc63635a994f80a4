/**
 * Notification types, their audience and default channels (API.md "Notifications"). Stored in
 * notification.type and notification_preference.type: never rename one. Later capabilities add their
 * rows here (and a resolver in fanout/recipient-resolvers.ts, a template in email/templates.ts).
 */
export const IN_APP_CHANNEL_VALUES = ['immediate', 'off'] as const;
export type InAppChannel = (typeof IN_APP_CHANNEL_VALUES)[number];
export const EMAIL_CHANNEL_VALUES = ['immediate', 'daily', 'weekly', 'off'] as const;
export type EmailChannel = (typeof EMAIL_CHANNEL_VALUES)[number];

export interface NotificationTypeDefinition {
  /** Who receives it, for the preferences page and the unsubscribe page. */
  description: string;
  inApp: InAppChannel;
  email: EmailChannel;
  /** Always mailed at once, whatever the email preference says except `off` (announcements). */
  ignoresDigest?: boolean;
}

export const NOTIFICATION_TYPES = {
  'post.replied': { description: 'Replies to your posts', inApp: 'immediate', email: 'immediate' },
  'post.mentioned': { description: 'Mentions of you in a discussion', inApp: 'immediate', email: 'immediate' },
  'thread.created': { description: 'New threads in your working groups', inApp: 'immediate', email: 'daily' },
  'post.created': { description: 'New posts in threads and groups you watch', inApp: 'immediate', email: 'daily' },
  'membership.requested': { description: 'Requests to join a working group you chair', inApp: 'immediate', email: 'immediate' },
  'membership.approved': { description: 'Your membership of a working group was approved', inApp: 'immediate', email: 'immediate' },
  'membership.invited': { description: 'Invitations to join a working group', inApp: 'immediate', email: 'immediate' },
  'organisation.applied': { description: 'Organisations applying to join the network (secretariat)', inApp: 'immediate', email: 'daily' },
  'organisation.approved': { description: 'Your organisation was approved', inApp: 'immediate', email: 'immediate' },
  'organisation.rejected': { description: 'Your organisation’s application was rejected', inApp: 'immediate', email: 'immediate' },
  'organisation.suspended': { description: 'Your organisation was suspended', inApp: 'immediate', email: 'immediate' },
  'group.announcement': { description: 'Announcements in your working groups', inApp: 'immediate', email: 'immediate', ignoresDigest: true },
} as const satisfies Record<string, NotificationTypeDefinition>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;
export const NOTIFICATION_TYPE_NAMES = Object.keys(NOTIFICATION_TYPES) as NotificationType[];

export function isNotificationType(value: string): value is NotificationType {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_TYPES, value);
}

/** `email_state` of a notification: how (and whether) it travels by mail. */
export const EMAIL_STATES = ['none', 'queued', 'daily', 'weekly', 'sending', 'sent', 'digested', 'failed', 'unknown'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** The SQL VALUES list of the defaults, so the fan-out applies them in its one statement per page. */
export function defaultPreferencesSql(): string {
  return NOTIFICATION_TYPE_NAMES.map((type) => `('${type}', '${NOTIFICATION_TYPES[type].inApp}', '${NOTIFICATION_TYPES[type].email}')`).join(', ');
}
