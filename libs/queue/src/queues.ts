/**
 * Every BullMQ queue Meridian uses, with the payload of its jobs. Queue names are persisted in Redis and
 * PostgreSQL: never rename one, add a new one instead. The worker refuses to start if a queue has no processor.
 */
export const QueueName = {
  /** Transactional mail (verification, password reset) sent outside the request. */
  Mail: 'mail',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

export interface MailJob {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface QueuePayloads {
  [QueueName.Mail]: MailJob;
}
