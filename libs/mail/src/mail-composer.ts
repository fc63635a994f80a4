import type { MailJob, MailKind } from '@meridian/queue';

/** A message as the transport takes it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** A composed mail, and how to void what it carries (a token minted for it) should SMTP refuse it. */
export interface ComposedMail {
  mail: OutgoingMail;
  discard?(): Promise<void>;
}

/**
 * Builds a queued mail at send time from the ids in its job. The lib that owns a mail kind provides its composer
 * under MAIL_COMPOSER (the mail lib sits below it and cannot know its users or tokens); the worker refuses to start
 * unless every MailKind has exactly one.
 */
export interface MailComposer {
  readonly kinds: readonly MailKind[];
  /** The mail to send now, or null when there is nothing to send any more (the account is gone or disabled, already verified…). */
  compose(job: MailJob): Promise<ComposedMail | null>;
}

export const MAIL_COMPOSER = Symbol('MAIL_COMPOSER');
