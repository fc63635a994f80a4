import type { MeridianApp } from './bootstrap';

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
