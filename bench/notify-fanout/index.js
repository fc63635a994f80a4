#!/usr/bin/env node
/**
 * bench/notify-fanout: one new thread in a group of 10,000 members → time until all 10,000 in-app rows exist,
 * until 1,000 connected members got `notification.new`, and until the email jobs are queued; compared in the
 * same run with BullMQ's raw addBulk/drain rate and with one job + one INSERT per recipient (STACK.md).
 * Runs with `npm run bench -- notify-fanout` (bench/run.js) or `node bench/notify-fanout/index.js` after `npm run build`.
 * Env: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_MEMBERS (10000), BENCH_SOCKETS (1000). Not a test: prints numbers.
 */
const { spawn } = require('node:child_process');
const { createSecretKey, randomUUID } = require('node:crypto');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');
const { Client, Pool } = require('pg');
const { Queue, Worker } = require('bullmq');
const { SMTPServer } = require('smtp-server');
const { io } = require('socket.io-client');

const ROOT = join(__dirname, '../..');
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const MEMBERS = Number(process.env.BENCH_MEMBERS || 10000);
const SOCKETS = Math.min(MEMBERS, Number(process.env.BENCH_SOCKETS || 1000));
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const JWT_KEY = createSecretKey(Buffer.from(JWT_SECRET, 'utf8'));
const HASH = '$argon2id$v=19$m=19456,p=1,t=2$WSeaGEboEqZHg2W5jacMlw$BzfFOTerWFlzFDOVa354Wwz5QDKvALaIay/AHTrM1D4';
const PREFIX = `bench-notify-${process.pid}`;
const PORT = Number(process.env.BENCH_PORT || 3390);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const children = new Set();
const cleanups = [];

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(sql) {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitFor(check, what, timeoutMs = 120000, intervalMs = 10) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(intervalMs);
  }
}

function startProcess(label, script, env) {
  const child = spawn(process.execPath, [join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  children.add(child);
  child.once('exit', (code) => {
    children.delete(child);
    if (code && code !== 143) console.error(`${label} exited with ${code}:\n${output}`);
  });
  return child;
}

async function main() {
  // ── a fresh database migrated by Meridian's own migrations ─────────────────
  const database = `meridian_bench_notify_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const databaseUrl = withDatabase(SERVER_URL, database);
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(join(ROOT, 'dist/libs/database/src/data-source-options.js'));
  const migrator = new DataSource(dataSourceOptions(databaseUrl));
  await migrator.initialize();
  await migrator.runMigrations();
  await migrator.destroy();

  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  cleanups.unshift(() => pool.end());

  // ── 10,000 members (precomputed hash), all watching the group so every one gets an email job ──
  const seedStart = Date.now();
  const [{ id: chairId }] = (await pool.query(
    `INSERT INTO app_user (email, password_hash, display_name, handle, email_verified_at) VALUES ('chair-${process.pid}@bench.test', $1, 'Bench chair', 'bench_chair', now()) RETURNING id`,
    [HASH],
  )).rows;
  const [{ id: groupId }] = (await pool.query(
    `INSERT INTO working_group (slug, name, mandate, visibility, join_policy) VALUES ('bench-group', 'Bench group', 'Benchmark', 'network', 'open') RETURNING id`,
  )).rows;
  await pool.query(`INSERT INTO working_group_membership (working_group_id, user_id, role, state, joined_at) VALUES ($1, $2, 'chair', 'active', now())`, [groupId, chairId]);
  const { rows: members } = await pool.query(
    `WITH users AS (
       INSERT INTO app_user (email, password_hash, display_name, handle, email_verified_at)
       SELECT 'member-' || n || '@bench.test', $1, 'Member ' || n, 'member_' || n, now() FROM generate_series(1, $2::int) AS n RETURNING id),
     joined AS (INSERT INTO working_group_membership (working_group_id, user_id, role, state, joined_at) SELECT $3, id, 'member', 'active', now() FROM users),
     watching AS (INSERT INTO working_group_subscription (user_id, working_group_id, level) SELECT id, $3, 'watching' FROM users)
     SELECT id FROM users`,
    [HASH, MEMBERS, groupId],
  );
  const [{ id: threadId }] = (await pool.query(`INSERT INTO thread (working_group_id, title, author_id, post_count, last_post_seq) VALUES ($1, 'Bench thread', $2, 1, 1) RETURNING id`, [groupId, chairId])).rows;
  const [{ id: postId }] = (await pool.query(`INSERT INTO post (thread_id, seq, author_id, body, body_html) VALUES ($1, 1, $2, 'Opening post', '<p>Opening post</p>') RETURNING id`, [threadId, chairId])).rows;
  const { rows: sessions } = await pool.query(
    `INSERT INTO auth_session (user_id, user_agent, ip, last_used_at, expires_at) SELECT id, 'bench', '127.0.0.1', now(), now() + interval '1 day' FROM unnest($1::uuid[]) AS id RETURNING id, user_id`,
    [members.slice(0, SOCKETS).map((row) => row.id)],
  );
  console.log(`seeded ${MEMBERS} members, ${SOCKETS} sessions in ${seconds(Date.now() - seedStart)}`);

  // ── a mail sink, an api and a worker from dist/ ─────────────────────────────
  let mails = 0;
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData: (stream, _s, done) => stream.on('data', () => undefined).on('end', () => (mails++, done())) });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  cleanups.unshift(() => new Promise((resolve) => smtp.close(resolve)));
  const env = {
    NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL, JWT_SECRET, QUEUE_PREFIX: PREFIX, SEED_DEMO: 'false',
    SMTP_URL: `smtp://127.0.0.1:${smtp.server.address().port}`, PUBLIC_URL: `http://127.0.0.1:${PORT}`, CORS_ORIGINS: `http://127.0.0.1:${PORT}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn', DATA_DIR: `/tmp/meridian-bench-${process.pid}`, NOTIFICATION_EMAIL_DAILY_CAP: '1000000',
  };
  startProcess('api', 'dist/apps/api/src/main.js', { ...env, MERIDIAN_ROLE: 'api', PORT: String(PORT) });
  startProcess('worker', 'dist/apps/worker/src/main.js', { ...env, MERIDIAN_ROLE: 'worker' });
  await waitFor(async () => fetch(`http://127.0.0.1:${PORT}/health`).then((r) => r.ok).catch(() => false), 'api healthy', 60000, 200);

  // ── 1,000 connected members ─────────────────────────────────────────────────
  let pushes = 0;
  let lastPushAt = 0;
  const sockets = sessions.map((session) => {
    const token = jwt.sign({ role: 'member', sid: session.id }, JWT_KEY, { algorithm: 'HS256', issuer: 'meridian', audience: 'meridian-api', subject: session.user_id, expiresIn: 3600 });
    const socket = io(`http://127.0.0.1:${PORT}/realtime`, { auth: { token }, transports: ['websocket'], reconnection: false });
    socket.on('notification.new', () => {
      pushes++;
      lastPushAt = Date.now();
    });
    return socket;
  });
  cleanups.unshift(async () => sockets.forEach((socket) => socket.close()));
  const connected = await Promise.race([
    waitFor(() => sockets.every((socket) => socket.connected), 'sockets connected', 30000, 50).then(() => true),
    waitFor(() => sockets.some((socket) => socket.disconnected && !socket.active), 'a socket refused', 30000, 50).then(() => false),
  ]).catch(() => false);
  console.log(connected ? `${SOCKETS} sockets connected` : 'sockets could not connect (no realtime gateway in this build?): push timing skipped');

  const emailQueue = new Queue('notification-email', { connection: { url: REDIS_URL }, prefix: PREFIX });
  cleanups.unshift(async () => {
    await emailQueue.obliterate({ force: true }).catch(() => undefined);
    await emailQueue.close();
  });

  // ── the measured fan-out: the event a new thread writes ─────────────────────
  const start = Date.now();
  const [{ id: eventId }] = (await pool.query(
    `INSERT INTO outbox_event (type, payload, actor_id) VALUES ('thread.created', $1, $2) RETURNING id`,
    [JSON.stringify({ threadId, workingGroupId: groupId, postId, authorId: chairId, title: 'Bench thread' }), chairId],
  )).rows;
  let rowsAt = 0;
  let emailsQueuedAt = 0;
  await waitFor(async () => {
    const now = Date.now();
    if (!rowsAt) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM notification WHERE source_event_id = $1`, [eventId]);
      if (rows[0].n >= MEMBERS) rowsAt = now;
    }
    if (!emailsQueuedAt) {
      const counts = await emailQueue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      if (Object.values(counts).reduce((a, b) => a + b, 0) >= MEMBERS) emailsQueuedAt = now;
    }
    return rowsAt && emailsQueuedAt && (!connected || pushes >= SOCKETS);
  }, 'fan-out complete', 180000, 10);
  const rowsMs = rowsAt - start;
  console.log(`\nnotify-fanout (${MEMBERS} members, ${SOCKETS} sockets)`);
  console.log(`  in-app rows: ${seconds(rowsMs)}  (${Math.round(MEMBERS / (rowsMs / 1000))} rows/s)  goal ≤ 4 s`);
  if (connected) console.log(`  socket pushes: ${pushes}/${SOCKETS} by ${seconds(lastPushAt - start)}`);
  console.log(`  email jobs queued: ${seconds(emailsQueuedAt - start)}  goal ≤ 10 s  (mails sent so far: ${mails})`);

  for (const child of children) child.kill('SIGTERM');
  await Promise.all([...children].map((child) => new Promise((resolve) => child.once('exit', resolve))));

  // ── references in the same run ──────────────────────────────────────────────
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const raw = new Queue('bench-raw', { connection, prefix: PREFIX });
  const jobs = Array.from({ length: MEMBERS }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `raw-${i}`, removeOnComplete: true } }));
  let t0 = Date.now();
  for (let i = 0; i < jobs.length; i += 1000) await raw.addBulk(jobs.slice(i, i + 1000));
  const addMs = Date.now() - t0;
  let done = 0;
  t0 = Date.now();
  const rawWorker = new Worker('bench-raw', async () => undefined, { connection, prefix: PREFIX, concurrency: 50 });
  rawWorker.on('completed', () => done++);
  await waitFor(() => done >= MEMBERS, 'raw drain', 120000, 20);
  const drainMs = Date.now() - t0;
  await rawWorker.close();
  await raw.obliterate({ force: true });
  await raw.close();
  console.log(`  BullMQ raw: addBulk ${seconds(addMs)}, drain ${seconds(drainMs)} (${Math.round(MEMBERS / (drainMs / 1000))} jobs/s)`);

  await pool.query(`CREATE TABLE bench_one_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), event_id bigint, recipient_id uuid, payload jsonb, created_at timestamptz DEFAULT now(), UNIQUE (event_id, recipient_id))`);
  const perRecipient = new Queue('bench-one-insert', { connection, prefix: PREFIX });
  const perJobs = members.map((member, i) => ({ name: 'one', data: { recipientId: member.id }, opts: { jobId: `one-${i}`, removeOnComplete: true } }));
  done = 0;
  t0 = Date.now();
  for (let i = 0; i < perJobs.length; i += 1000) await perRecipient.addBulk(perJobs.slice(i, i + 1000));
  const oneWorker = new Worker(
    'bench-one-insert',
    async (job) => pool.query(`INSERT INTO bench_one_insert (event_id, recipient_id, payload) VALUES (1, $1, '{}') ON CONFLICT DO NOTHING`, [job.data.recipientId]),
    { connection, prefix: PREFIX, concurrency: 50 },
  );
  oneWorker.on('completed', () => done++);
  await waitFor(() => done >= MEMBERS, 'one-insert drain', 180000, 20);
  const oneMs = Date.now() - t0;
  await oneWorker.close();
  await perRecipient.obliterate({ force: true });
  await perRecipient.close();
  console.log(`  one job + one INSERT per recipient: ${seconds(oneMs)} (${Math.round(MEMBERS / (oneMs / 1000))} rows/s)`);
  console.log(`  ratio: paged INSERT…SELECT is ${(oneMs / rowsMs).toFixed(1)}× faster than one job per recipient`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error('cleanup:', error.message));
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
