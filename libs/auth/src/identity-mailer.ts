import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { MailQueue } from '@meridian/mail';

interface Recipient {
  email: string;
  displayName: string;
}

/** The verification and password-reset mails; queued after the token's transaction commits. */
@Injectable()
export class IdentityMailer {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly mail: MailQueue) {}

  async sendEmailVerification(user: Recipient, token: string, tokenId: string): Promise<void> {
    const link = `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(
      {
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
      },
      `verify-email-${tokenId}`,
    );
  }

  async sendPasswordReset(user: Recipient, token: string, tokenId: string): Promise<void> {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(
      {
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
      },
      `reset-password-${tokenId}`,
    );
  }
}
