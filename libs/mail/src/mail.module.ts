import { Global, Module } from '@nestjs/common';
import { MailQueue } from './mail.queue';
import { MailerService } from './mailer.service';

/** The mail transport and the transactional mail queue, for every lib that mails (auth, notifications). */
@Global()
@Module({ providers: [MailerService, MailQueue], exports: [MailerService, MailQueue] })
export class MailModule {}
