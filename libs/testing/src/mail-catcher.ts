import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The decoded text body (quoted-printable soft breaks removed). */
  text: string;
}

/** An in-process SMTP server capturing what the app sends, so tests read real mail. */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  private server?: SMTPServer;
  private waiters: (() => void)[] = [];
  private refusing = false;
  port = 0;

  /** While on, every recipient is refused with a temporary error that quotes the address, as a mail server that is down answers. */
  refuseRecipients(on: boolean): void {
    this.refusing = on;
  }

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refusing) return callback();
        callback(Object.assign(new Error(`<${address.address}>: mailbox temporarily unavailable`), { responseCode: 451 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            subject: /^Subject: (.*)$/im.exec(raw)?.[1] ?? '',
            text: raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
          });
          this.waiters.splice(0).forEach((wake) => wake());
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Waits until a mail matching `predicate` arrives (or fails after `timeoutMs`). */
  async waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs = 10000): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`No matching mail within ${timeoutMs} ms (caught ${this.messages.length}: ${this.messages.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ')})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first link in a mail matching `pattern` (e.g. /verify-email\?token=[^\s"<]+/). */
  static link(mail: CaughtMail, pattern: RegExp): string {
    const match = mail.text.match(pattern);
    if (!match) throw new Error(`No link matching ${pattern} in mail "${mail.subject}"`);
    return match[0];
  }
}
