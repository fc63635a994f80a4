import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { bootstrap, MeridianApp } from '../../../apps/api/src/bootstrap';
import { MailCatcher } from './mail-catcher';
import { ensureWorkerDatabase, testRun } from './test-database';
import { ENV_REDIS } from './test-environment';

/** Drawn per test process, as an operator would: boot refuses a secret printed anywhere in the repository. */
export const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

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
    // Every budget is raised for tests that are not about it; a rate-limit test sets its own.
    AUTH_RATE_LIMIT: '10000',
    AUTH_MAIL_LIMIT: '10000',
    WRITE_RATE_LIMIT: '100000',
    WRITE_IP_RATE_LIMIT: '100000',
    SOCKET_MESSAGE_LIMIT: '100000',
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

/**
 * The usual suite set-up in one line: boots a test app before the suite (listening when `listen` is set, for
 * socket.io clients) and closes it after. The returned object stands for the app once `beforeAll` has run.
 */
export function useTestApp(options: TestAppOptions & { listen?: boolean } = {}): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(options);
    if (options.listen) await app.listen();
  });
  afterAll(async () => {
    await app?.close();
  });
  return new Proxy({} as TestApp, {
    get(_target, property) {
      if (!app) throw new Error('useTestApp(): the app exists only inside tests and hooks, after beforeAll');
      const value = Reflect.get(app, property);
      return typeof value === 'function' ? value.bind(app) : value;
    },
  });
}
