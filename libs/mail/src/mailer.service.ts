import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import type { OutgoingMail } from './mail-composer';
import { createTransport, Transporter } from 'nodemailer';

/**
 * Sends mail over pooled SMTP (SMTP_URL), or writes .eml files to `<DATA_DIR>/mail` when no SMTP is configured.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger(MailerService.name);
  private readonly transport: Transporter;
  readonly outboxDir?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.transport = createTransport(config.smtpUrl, { pool: true, maxConnections: 5 } as never);
    } else {
      this.outboxDir = join(config.dataDir, 'mail');
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
    if (this.outboxDir) {
      mkdirSync(this.outboxDir, { recursive: true });
      const file = join(this.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
      writeFileSync(file, (info as unknown as { message: Buffer }).message);
      this.logger.log(`Mail to the file outbox: ${file}`);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
