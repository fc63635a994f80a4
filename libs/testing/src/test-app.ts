import type { AddressInfo } from 'node:net';
import { bootstrap, MeridianApp } from '../../../apps/api/src/bootstrap';
import { MailCatcher } from './mail-catcher';
import { ensureWorkerDatabase, testRun } from './test-database';
import { ENV_REDIS } from './test-environment';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp extends MeridianApp {
  mail: MailCatcher;
  /** The app's HTTP server, for supertest: `request(t.server)`. */
  server: ReturnType<MeridianApp['app']['getHttpServer']>;
  /** http://127.0.0.1:<port>, once `listen()` was called (socket.io clients need a real port). */
  baseUrl: string;
  listen(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export interface TestAppOptions {
  /** Extra or overriding environment (e.g. AUTH_RATE_LIMIT for rate-limit tests). */
  env?: NodeJS.ProcessEnv;
  /** Run without Redis: BullMQ's PostgreSQL backend and the in-memory socket.io adapter. */
  withoutRedis?: boolean;
}

/** The environment a test app (or a spawned dist/ process of the same test) runs with. */
export async function testEnvironment(mail: MailCatcher, options: TestAppOptions = {}): Promise<NodeJS.ProcessEnv> {
  const { runId, workerId } = testRun();
  const redisUrl = options.withoutRedis ? undefined : process.env[ENV_REDIS];
  return {
    NODE_ENV: 'test',
    DATABASE_URL: await ensureWorkerDatabase(),
    REDIS_URL: redisUrl ?? '',
    JWT_SECRET: TEST_JWT_SECRET,
    SMTP_URL: mail.url,
    PUBLIC_URL: 'http://meridian.test',
    CORS_ORIGINS: 'http://meridian.test',
    MERIDIAN_ROLE: 'all',
    QUEUE_PREFIX: `test-${runId}-w${workerId}`,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_RATE_LIMIT: '10000',
    PORT: '0',
    DATA_DIR: `/tmp/meridian-test-${runId}-w${workerId}`,
    ...options.env,
  };
}

/** Boots the app through the same bootstrap() as main.ts, on this worker's fresh database, with mail captured. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const mail = new MailCatcher();
  await mail.start();
  const env = await testEnvironment(mail, options);
  const meridian = await bootstrap({ env });
  const testApp: TestApp = {
    ...meridian,
    env,
    mail,
    server: meridian.app.getHttpServer(),
    baseUrl: '',
    async listen() {
      await meridian.app.listen(0, '127.0.0.1');
      testApp.baseUrl = `http://127.0.0.1:${(meridian.app.getHttpServer().address() as AddressInfo).port}`;
      return testApp.baseUrl;
    },
    async close() {
      await meridian.close();
      await mail.stop();
    },
  };
  return testApp;
}
