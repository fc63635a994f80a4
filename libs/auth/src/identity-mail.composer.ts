import { Inject, Injectable, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { Transactions } from '@meridian/database';
import { ComposedMail, MAIL_COMPOSER, MailComposer, OutgoingMail } from '@meridian/mail';
import type { MailJob } from '@meridian/queue';
import { EmailTokenRepository } from './email-token.repository';
import type { EmailTokenPurpose } from './entities/email-token.entity';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import { UserRecord, UserRepository } from './user.repository';

export const EMAIL_VERIFICATION_TTL_SECONDS = 24 * 3600;
export const PASSWORD_RESET_TTL_SECONDS = 3600;

/**
 * Composes the verification and password-reset mails as they are sent, minting the link's token then: tokens
 * live only as hashes in PostgreSQL and in the mail itself, never in queue data. A mail SMTP refuses has its token
 * voided, and the retry mints a fresh one. A reset token replaces the user's earlier unused ones.
 */
@Injectable()
export class IdentityMailComposer implements MailComposer {
  readonly kinds = ['verify_email', 'reset_password'] as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly emailTokens: EmailTokenRepository,
  ) {}

  async compose(job: MailJob): Promise<ComposedMail | null> {
    const user = await this.users.findById(job.userId);
    if (!user || user.status !== 'active') return null;
    if (job.kind === 'verify_email' && user.emailVerifiedAt) return null;
    const purpose: EmailTokenPurpose = job.kind;
    const token = newOpaqueToken();
    const tokenId = await this.transactions.run(async (tx) => {
      if (purpose === 'reset_password') await this.emailTokens.invalidateUnused(tx, user.id, purpose);
      const ttlSeconds = purpose === 'reset_password' ? PASSWORD_RESET_TTL_SECONDS : EMAIL_VERIFICATION_TTL_SECONDS;
      return this.emailTokens.create(tx, { userId: user.id, purpose, tokenHash: hashOpaqueToken(token), ttlSeconds });
    });
    return {
      mail: purpose === 'reset_password' ? this.passwordResetMail(user, token) : this.verificationMail(user, token),
      discard: () => this.transactions.run((tx) => this.emailTokens.voidToken(tx, tokenId)),
    };
  }

  private verificationMail(user: UserRecord, token: string): OutgoingMail {
    const link = `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    return {
      to: user.email,
      subject: 'Confirm your email address for Meridian',
      text: [
        `Hello ${user.displayName},`,
        '',
        'Please confirm your email address by opening this link (valid for 24 hours):',
        '',
        link,
        '',
        'If you did not create a Meridian account, you can ignore this mail.',
      ].join('\n'),
    };
  }

  private passwordResetMail(user: UserRecord, token: string): OutgoingMail {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    return {
      to: user.email,
      subject: 'Reset your Meridian password',
      text: [
        `Hello ${user.displayName},`,
        '',
        'Someone (hopefully you) asked to reset your Meridian password. Open this link within one hour to choose a new one:',
        '',
        link,
        '',
        'Resetting signs you out on every device. If you did not ask for this, ignore this mail: your password stays as it is.',
      ].join('\n'),
    };
  }
}

/**
 * Registers the identity mails' composer with the mail lib; imported by the apps whose process runs the mail
 * processor (the worker, and the api for MERIDIAN_ROLE=all). Needs no more than the database and the config.
 */
@Module({
  providers: [UserRepository, EmailTokenRepository, IdentityMailComposer, { provide: MAIL_COMPOSER, useExisting: IdentityMailComposer }],
})
export class IdentityMailModule {}
