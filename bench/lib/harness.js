/**
 * Shared by the benchmarks: a fresh database (migrated by Meridian's own migrations, dropped at the end), child
 * processes (Meridian api and worker from dist/, reference servers, `npm start`) stopped at the end, an SMTP sink,
 * socket.io clients, tokens signed like TokenService, waiting for conditions, percentiles.
 *
 * A benchmark's index.js ends with `h.runMain(module, main)`; whatever it starts through this file is stopped and
 * removed afterwards, also when it fails or on Ctrl-C.
 */
const { spawn } = require('node:child_process');
const { createSecretKey, randomBytes } = require('node:crypto');
const net = require('node:net');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');
const { Client } = require('pg');

const ROOT = join(__dirname, '../..');
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
/**
 * Drawn per run (boot refuses a secret printed in the repository) and handed down through the environment, so the
 * reference servers this process spawns sign and verify with the same one.
 */
const JWT_SECRET = (process.env.BENCH_JWT_SECRET ??= randomBytes(48).toString('base64url'));
const JWT_KEY = createSecretKey(Buffer.from(JWT_SECRET, 'utf8'));
/** The claims TokenService signs and verifies. */
const JWT_OPTIONS = { algorithm: 'HS256', issuer: 'meridian', audience: 'meridian-api' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ── cleanup ──────────────────────────────────────────────────────────────────

/** Run by cleanup(), last registered first (a pool registered after its database ends before the drop). */
const cleanups = [];
/** Every process started here and not yet stopped. */
const processes = new Set();

/** Set once cleanup() began: a benchmark still running (Ctrl-C) must not start another process. */
let closing = false;

/** Stops every process still running, then runs the cleanups. Safe to call twice. */
async function cleanup() {
  closing = true;
  await Promise.all([...processes].map((proc) => proc.stop().catch((error) => console.error(`cleanup: ${proc.label}:`, error.message))));
  for (const fn of cleanups.splice(0).reverse()) await Promise.resolve().then(fn).catch((error) => console.error('cleanup:', error.message));
}

process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));

/** Runs `main` when `mod` is the entry point (`npm run bench -- <name>` or `node bench/<name>/index.js`), then cleans up. */
function runMain(mod, main) {
  if (require.main !== mod) return;
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await cleanup();
      // A client library's handle must not keep a finished benchmark alive.
      setTimeout(() => process.exit(), 500).unref();
    });
}

// ── waiting ──────────────────────────────────────────────────────────────────

/** Thrown by a waitFor check to stop waiting at once (a process died); anything else thrown counts as "not yet". */
class GiveUp extends Error {}

/**
 * Polls `check` until it returns a truthy value, which it resolves with; fails after `timeoutMs`.
 * `what` (a string or a function, evaluated on timeout) names the condition in the error.
 */
async function waitFor(check, what, { timeoutMs = 60000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      const name = typeof what === 'function' ? what() : what;
      throw new Error(`timed out waiting for ${name} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(intervalMs);
  }
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ── databases ────────────────────────────────────────────────────────────────

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(sql) {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database migrated by Meridian's migrations; dropped by cleanup() (or earlier by `drop()`). */
async function freshDatabase(name) {
  const database = `meridian_bench_${name}_${process.pid}`;
  await admin(`CREATE DATABASE ${database}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  cleanups.push(drop);
  const url = withDatabase(SERVER_URL, database);
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(join(ROOT, 'dist/libs/database/src/data-source-options.js'));
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  return { database, url, drop };
}

/** A pg pool on `url`, ended by cleanup() before the database is dropped. */
function pool(url, max = 10) {
  const { Pool } = require('pg');
  const created = new Pool({ connectionString: url, max });
  // An idle client cut off by the final DROP DATABASE … WITH (FORCE) is not a benchmark failure.
  created.on('error', () => undefined);
  cleanups.push(() => created.end());
  return created;
}

/** Removes the Redis keys of one run (stream, recovery sessions, queues). */
async function dropRedisPrefix(prefix) {
  const { Redis } = require('ioredis');
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A Redis key prefix for this run (QUEUE_PREFIX of the Meridian processes), its keys removed by cleanup(). */
function redisPrefix(name) {
  const prefix = `bench-${name}-${process.pid}`;
  cleanups.push(() => dropRedisPrefix(prefix));
  return prefix;
}

// ── processes ────────────────────────────────────────────────────────────────

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `command args` with exactly `env`, tracked so that cleanup() stops it. With `group`, the process leads its
 * own process group and stop() signals the whole group and waits until every process in it is gone: `npm start`
 * may not forward SIGTERM to the node process it runs (nor that one's embedded PostgreSQL).
 * Returns { label, child, output() (the last 16 KB of stdout + stderr), exited, stop(graceMs) }.
 */
function spawnProcess(label, command, args, { env, group = false } = {}) {
  if (closing) throw new Error(`not starting ${label}: the benchmark is being stopped`);
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-16000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const running = () => (group ? groupAlive(child.pid) : child.exitCode === null && child.signalCode === null);
  const signal = (name) => {
    try {
      process.kill(group ? -child.pid : child.pid, name);
    } catch {
      // already gone
    }
  };
  const proc = {
    label,
    child,
    exited,
    output: () => output,
    /** SIGTERM, SIGKILL after `graceMs`; resolves once the process (group) is gone. */
    async stop(graceMs = 15000) {
      if (running()) {
        signal('SIGTERM');
        const killAt = Date.now() + graceMs;
        await waitFor(
          () => {
            if (!running()) return true;
            if (Date.now() > killAt) signal('SIGKILL');
            return false;
          },
          `${label} to stop`,
          { timeoutMs: graceMs + 10000, intervalMs: 50 },
        );
      }
      if (!group) await exited;
      processes.delete(proc);
    },
  };
  processes.add(proc);
  return proc;
}

/** A check for waitFor/whenReady: GET `url` answers 2xx. */
const healthy = (url) => () => fetch(url).then((response) => response.ok);

/**
 * Resolves once `ready()` is truthy (e.g. healthy(url)); stops the process and fails if it exits first or takes
 * longer than `timeoutMs`.
 */
async function whenReady(proc, ready, { timeoutMs = 60000, intervalMs = 200 } = {}) {
  try {
    await waitFor(
      () => {
        if (proc.child.exitCode !== null) throw new GiveUp(`${proc.label} exited with ${proc.child.exitCode}:\n${proc.output()}`);
        return ready();
      },
      () => `${proc.label} to be ready:\n${proc.output()}`,
      { timeoutMs, intervalMs },
    );
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}

/** Starts `node <script>` with the bench's environment plus `env`; resolves once GET <healthUrl> answers 200. */
function startProcess(label, script, env, healthUrl) {
  const proc = spawnProcess(label, process.execPath, [script], { env: { ...process.env, ...env } });
  return whenReady(proc, healthy(healthUrl));
}

/** The environment of a Meridian process from dist/, as production runs it (Redis, no demo data). */
function meridianEnv({ databaseUrl, queuePrefix, port = 3000, env = {} }) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET,
    QUEUE_PREFIX: queuePrefix,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    // Budgets far above what a benchmark sends: it measures throughput, not rate limiting.
    AUTH_RATE_LIMIT: '100000',
    AUTH_MAIL_LIMIT: '100000',
    WRITE_RATE_LIMIT: '10000000',
    WRITE_IP_RATE_LIMIT: '10000000',
    SOCKET_MESSAGE_LIMIT: '10000000',
    DATA_DIR: `/tmp/meridian-bench-${process.pid}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CORS_ORIGINS: `http://127.0.0.1:${port}`,
    ...env,
  };
}

/** A Meridian api instance (MERIDIAN_ROLE=api) on `port` (a free one if omitted); `baseUrl` on the result. */
async function startMeridian({ databaseUrl, queuePrefix, port, env = {} }) {
  const listen = port ?? (await freePort());
  const proc = spawnProcess(`meridian api :${listen}`, process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: meridianEnv({ databaseUrl, queuePrefix, port: listen, env: { MERIDIAN_ROLE: 'api', PORT: String(listen), ...env } }),
  });
  const baseUrl = `http://127.0.0.1:${listen}`;
  await whenReady(proc, healthy(`${baseUrl}/health`));
  return Object.assign(proc, { baseUrl });
}

/** A Meridian worker (MERIDIAN_ROLE=worker); ready once it logs that it started, so it logs at info at least. */
async function startWorker({ databaseUrl, queuePrefix, env = {} }) {
  const base = meridianEnv({ databaseUrl, queuePrefix, env: { MERIDIAN_ROLE: 'worker', ...env } });
  if (['warn', 'error', 'fatal', 'silent'].includes(base.LOG_LEVEL)) base.LOG_LEVEL = 'info';
  const proc = spawnProcess('meridian worker', process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { env: base });
  return whenReady(proc, () => proc.output().includes('worker started'), { intervalMs: 50 });
}

// ── mail, tokens, sockets ────────────────────────────────────────────────────

/** An SMTP server on a free port that accepts and counts every message (SMTP_URL: `url`); closed by cleanup(). */
async function smtpSink() {
  const { SMTPServer } = require('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, done) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, received: () => received };
}

/** An access token as TokenService signs it, for a user `{id, platformRole?}` with the session `sessionId`. */
function signToken(user, sessionId, ttlSeconds = 3600) {
  return jwt.sign({ role: user.platformRole ?? 'member', sid: sessionId }, JWT_KEY, { ...JWT_OPTIONS, subject: user.id, expiresIn: ttlSeconds });
}

/**
 * Connects one socket.io client per token to `<url>/realtime` (the urls taken in turn), 50 at a time, each
 * subscribed to `room` when given (every socket is in its `user:<id>` room anyway). Disconnected by cleanup()
 * unless closeSockets() did it before.
 */
async function connectSockets(urls, tokens, { room } = {}) {
  const { io } = require('socket.io-client');
  const sockets = [];
  cleanups.push(() => closeSockets(sockets));
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens.slice(i, i + 50).map((token, j) => {
      const url = urls[(i + j) % urls.length];
      const socket = io(`${url}/realtime`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect_error', (error) => reject(new Error(`connect to ${url}: ${error.message} ${JSON.stringify(error.data)}`)));
        socket.once('connect', async () => {
          if (room) {
            const ack = await socket.timeout(10000).emitWithAck('subscribe', { room });
            if (!ack.ok) return reject(new Error(`subscribe ${room}: ${JSON.stringify(ack)}`));
          }
          resolve(socket);
        });
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

function closeSockets(sockets) {
  for (const socket of sockets) socket.disconnect();
}

// ── figures ──────────────────────────────────────────────────────────────────

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function summarise(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/** Milliseconds as seconds with two decimals ("1.23 s"); anything else as it is, "—" when missing. */
const seconds = (ms) => (typeof ms === 'number' && Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : (ms ?? '—'));

/** Prints a markdown table: `header` is the list of column titles, a title ending in ':' is right-aligned. */
function printTable(header, rows) {
  const titles = header.map((title) => title.replace(/:$/, ''));
  const align = header.map((title) => (title.endsWith(':') ? '---:' : '---'));
  console.log(`\n| ${titles.join(' | ')} |`);
  console.log(`|${align.join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

module.exports = {
  ROOT, REDIS_URL, JWT_SECRET, JWT_KEY, JWT_OPTIONS,
  cleanup, cleanups, runMain, GiveUp, waitFor, sleep, freePort,
  freshDatabase, pool, dropRedisPrefix, redisPrefix,
  spawnProcess, healthy, whenReady, startProcess, startMeridian, startWorker,
  smtpSink, signToken, connectSockets, closeSockets,
  percentile, summarise, seconds, printTable,
};
