import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MailComposers } from './mail-composers';
import { MailProcessor } from './mail.processor';

/** The mail queue's processor and the composers it finds (MAIL_COMPOSER), for the process that runs the workers (needs MailModule). */
@Module({ imports: [DiscoveryModule], providers: [MailProcessor, MailComposers] })
export class MailWorkerModule {}
