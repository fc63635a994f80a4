/**
 * Every BullMQ queue Meridian uses, with the payload of its jobs. Queue names are persisted in Redis and
 * PostgreSQL: never rename one, add a new one instead. The worker refuses to start if a queue has no processor.
 */
export const QueueName = {
  /** Transactional mail (verification, password reset) sent outside the request. */
  Mail: 'mail',
  /** One job per relayed outbox event (jobId `outbox-<eventId>`): resolves recipients, writes notifications. */
  NotificationFanout: 'notification-fanout',
  /** One job per immediate notification mail (jobId `<eventId>-<userId>-email`). */
  NotificationEmail: 'notification-email',
  /** The digest scan (a job scheduler, every 15 minutes) and one job per digest mail (jobId `digest-<userId>-<period>`). */
  NotificationDigest: 'notification-digest',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** Transactional mails; each is composed when it is sent, by the MailComposer its lib registers (auth: both). */
export const MAIL_KINDS = ['verify_email', 'reset_password'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * Ids only, never an address, a subject, a body or a token: failed jobs are kept for days, and a link in the
 * data would outlive the mail that failed to carry it (DESIGN.md §14). The composer reads the rest at send time.
 */
export interface MailJob {
  kind: MailKind;
  userId: string;
}

export interface NotificationFanoutJob {
  eventId: string;
}

export interface NotificationEmailJob {
  eventId: string;
  userId: string;
}

/** `scan` finds users due a digest; `send` mails one user's digest for one period. */
export type NotificationDigestJob =
  | { kind: 'scan' }
  /** `before`: the period's 07:00 in the user's time zone (ISO); items created before it are included. */
  | { kind: 'send'; userId: string; period: 'daily' | 'weekly'; ledgerKind: string; before: string };

export interface QueuePayloads {
  [QueueName.Mail]: MailJob;
  [QueueName.NotificationFanout]: NotificationFanoutJob;
  [QueueName.NotificationEmail]: NotificationEmailJob;
  [QueueName.NotificationDigest]: NotificationDigestJob;
}

/** Job ids: BullMQ refuses ':' and integer ids (STACK.md pitfall 12). */
export const jobIds = {
  fanout: (eventId: string) => `outbox-${eventId}`,
  email: (eventId: string, userId: string) => `${eventId}-${userId}-email`,
  digest: (userId: string, ledgerKind: string) => `digest-${userId}-${ledgerKind.replace(/[^A-Za-z0-9-]/g, '-')}`,
};

/**
 * Worker options of a processor. The lock decides how soon a crashed worker's jobs run again elsewhere;
 * decorators are evaluated at import, so QUEUE_LOCK_MS is read from the process environment here
 * (validated with the rest of the configuration at boot).
 */
export function processorOptions(concurrency: number): { concurrency: number; lockDuration: number; stalledInterval: number } {
  const lockDuration = Number(process.env.QUEUE_LOCK_MS) || 30000;
  return { concurrency, lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)) };
}
