import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';

/** The mail queue's processor, for the process that runs the workers (needs MailModule). */
@Module({ providers: [MailProcessor] })
export class MailWorkerModule {}
