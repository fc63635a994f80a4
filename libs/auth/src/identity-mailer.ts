import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MailQueue } from '@meridian/mail';

/**
 * Queues the verification and password-reset mails: the job names the user and the kind, nothing else; the link
 * and its token are made when the mail is sent (IdentityMailComposer). One job per request, so each request is
 * one mail (a reset link replaces the one before it).
 */
@Injectable()
export class IdentityMailer {
  constructor(private readonly mail: MailQueue) {}

  async queueEmailVerification(userId: string): Promise<void> {
    await this.mail.enqueue({ kind: 'verify_email', userId }, `verify-email-${randomUUID()}`);
  }

  async queuePasswordReset(userId: string): Promise<void> {
    await this.mail.enqueue({ kind: 'reset_password', userId }, `reset-password-${randomUUID()}`);
  }
}
