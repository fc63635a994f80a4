import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createGroup, createTestApp, createThread, createUser, recordOutboxEvent, TEST_PASSWORD_HASH, TestApp, waitUntil } from '@meridian/testing';

/**
 * Faults in the middle of a fan-out (ISSUE 14): the worker process SIGKILLed and restarted, and Redis
 * restarted without persistence. 1,000 recipients in pages of 50, so the fault lands mid fan-out.
 */
const RECIPIENTS = 1000;
const PAGE_SIZE = '50';
/** The email processor's concurrency: at most this many mails can be mid-send when the worker dies. */
const EMAIL_CONCURRENCY = 5;

async function spareport(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Members inserted in one statement, with the precomputed password hash. */
async function groupOfMembers(t: TestApp, count: number) {
  const db = t.app.get(DataSource);
  const chair = await createUser(t);
  const group = await createGroup(t, { chair });
  await db.query(
    `WITH users AS (
       INSERT INTO app_user (email, password_hash, display_name, handle, email_verified_at)
       SELECT 'fault-' || $2 || '-' || n || '@example.org', $3, 'Fault member ' || n, 'fault_' || $2 || '_' || n, now()
       FROM generate_series(1, $1::int) AS n RETURNING id)
     INSERT INTO working_group_membership (working_group_id, user_id, role, state, joined_at)
     SELECT $4, id, 'member', 'active', now() FROM users`,
    [count, group.id.slice(0, 8), TEST_PASSWORD_HASH, group.id],
  );
  const thread = await createThread(t, group, chair, { title: 'Fault drill' });
  return { chair, group, thread };
}

const count = async (db: DataSource, sql: string, params: unknown[]) => (await db.query(sql, params))[0].count as number;

describe('Notification fan-out under faults', () => {
  describe('the worker process killed with SIGKILL mid fan-out', () => {
    let t: TestApp;
    let worker: ChildProcess | undefined;

    const startWorker = () => {
      const child = spawn(process.execPath, [resolve(__dirname, '../../dist/apps/worker/src/main.js')], {
        env: { ...process.env, ...t.env, MERIDIAN_ROLE: 'worker', QUEUE_LOCK_MS: '2000', NOTIFICATION_PAGE_SIZE: PAGE_SIZE },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr?.on('data', () => undefined);
      return child;
    };

    beforeAll(async () => {
      // The test's own app only serves HTTP: the worker runs in a separate process.
      t = await createTestApp({ env: { MERIDIAN_ROLE: 'api' } });
    });

    afterAll(async () => {
      worker?.kill('SIGKILL');
      await t.close();
    });

    it('ends with exactly one notification per recipient, no mail sent twice, and unknown mail no more than was in flight', async () => {
      const db = t.app.get(DataSource);
      const { chair, group, thread } = await groupOfMembers(t, RECIPIENTS);
      const eventId = await recordOutboxEvent(t, {
        type: 'group.announcement',
        payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: chair.id, title: thread.title },
        actorId: chair.id,
      });
      const notifications = () => count(db, `SELECT count(*)::int AS count FROM notification WHERE source_event_id = $1`, [eventId]);

      worker = startWorker();
      await waitUntil(async () => (await notifications()) > 0, { timeoutMs: 30000, intervalMs: 5, what: 'the fan-out to start' });
      worker.kill('SIGKILL');
      await new Promise((done) => worker!.once('exit', done));
      const atKill = await notifications();

      worker = startWorker();
      await waitUntil(
        async () => {
          const [event] = await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [eventId]);
          const open = await count(db, `SELECT count(*)::int AS count FROM notification WHERE source_event_id = $1 AND email_state NOT IN ('sent', 'unknown')`, [eventId]);
          return event.state === 'done' && open === 0;
        },
        { timeoutMs: 90000, intervalMs: 200, what: 'every notification written and every mail settled' },
      );
      worker.kill('SIGTERM');
      await new Promise((done) => worker!.once('exit', done));
      worker = undefined;

      expect(atKill).toBeLessThanOrEqual(RECIPIENTS);
      expect(await notifications()).toBe(RECIPIENTS);
      const perRecipient = await db.query(`SELECT recipient_id, count(*)::int AS n FROM notification WHERE source_event_id = $1 GROUP BY 1 HAVING count(*) > 1`, [eventId]);
      expect(perRecipient).toEqual([]);

      const mailsPerAddress = new Map<string, number>();
      for (const mail of t.mail.messages) for (const to of mail.to) mailsPerAddress.set(to, (mailsPerAddress.get(to) ?? 0) + 1);
      const twice = [...mailsPerAddress].filter(([address, n]) => address.startsWith('fault-') && n > 1);
      expect(twice).toEqual([]);

      const ledger = await db.query(`SELECT state, count(*)::int AS n FROM email_ledger WHERE source_id = $1 GROUP BY state`, [eventId]);
      const byState = Object.fromEntries(ledger.map((row: { state: string; n: number }) => [row.state, row.n]));
      expect((byState.sent ?? 0) + (byState.unknown ?? 0)).toBe(RECIPIENTS);
      expect(byState.unknown ?? 0).toBeLessThanOrEqual(EMAIL_CONCURRENCY);
      const delivered = [...mailsPerAddress].filter(([address]) => address.startsWith('fault-')).length;
      expect(delivered).toBeGreaterThanOrEqual(byState.sent);
      expect(delivered).toBeLessThanOrEqual(RECIPIENTS);
    }, 150000);
  });

  describe('Redis restarted (no persistence) during a fan-out', () => {
    let t: TestApp;
    let redis: ChildProcess | undefined;
    let port: number;

    const startRedis = async () => {
      const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
      await waitUntil(async () => {
        const { Redis } = await import('ioredis');
        const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } finally {
          client.disconnect();
        }
      }, { what: `redis-server on ${port}` });
      return child;
    };

    beforeAll(async () => {
      port = await spareport();
      redis = await startRedis();
      t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, OUTBOX_REDELIVER_SECONDS: '2', NOTIFICATION_PAGE_SIZE: PAGE_SIZE } });
    });

    afterAll(async () => {
      await t.close();
      redis?.kill('SIGKILL');
    });

    it('still delivers every in-app notification once', async () => {
      const db = t.app.get(DataSource);
      const { chair, group, thread } = await groupOfMembers(t, RECIPIENTS);
      const eventId = await recordOutboxEvent(t, {
        type: 'thread.created',
        payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: chair.id, title: thread.title },
        actorId: chair.id,
      });
      const notifications = () => count(db, `SELECT count(*)::int AS count FROM notification WHERE source_event_id = $1`, [eventId]);
      await waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [eventId]))[0].state !== 'pending', {
        intervalMs: 5,
        what: 'the event to be relayed',
      });
      redis!.kill('SIGKILL');
      await new Promise((done) => redis!.once('exit', done));
      redis = await startRedis();

      await waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [eventId]))[0].state === 'done' && (await notifications()) === RECIPIENTS, {
        timeoutMs: 60000,
        intervalMs: 200,
        what: 'every notification after the Redis restart',
      });
      expect(await notifications()).toBe(RECIPIENTS);
    }, 90000);
  });
});
