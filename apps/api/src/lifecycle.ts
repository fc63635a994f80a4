import { ConfigError } from '@meridian/config';
import { EmbeddedPostgresBusyError } from '@meridian/database';
import type { MeridianApp } from './bootstrap';

/** Closes gracefully on SIGTERM/SIGINT (running jobs finish, then the embedded PostgreSQL stops); a second signal forces exit. */
export function runUntilSignal(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    close()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(`Shutdown after ${signal} failed:`, error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Prints where Meridian listens and, on a freshly seeded demo, the demo logins. */
export async function announce(meridian: MeridianApp): Promise<void> {
  const { config } = meridian;
  const address = meridian.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `Meridian is running (${config.role}${config.embeddedDatabase ? ', embedded PostgreSQL' : ''}${config.redisUrl ? ', Redis' : ', queues on PostgreSQL'})`,
    `  URL:       ${url}`,
    `  API:       ${url}/api/v1`,
    `  API docs:  ${url}/api/docs`,
    `  Health:    ${url}/health`,
  ];
  if (!config.smtpUrl) lines.push(`  Mail:      written to ${config.dataDir}/mail/*.eml`);
  if (meridian.demoLogins) {
    lines.push('', 'Demo logins (email  password):');
    for (const login of meridian.demoLogins) lines.push(`  ${login.email}  ${login.password}    # ${login.role}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

/** Startup failed: one line for errors an operator can fix (configuration, a busy data directory), a stack otherwise. */
export function exitOnStartupError(error: unknown): never {
  const expected = error instanceof ConfigError || error instanceof EmbeddedPostgresBusyError;
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
}
