/**
 * Shared by the benchmarks: a fresh database (migrated with Meridian's own migrations, dropped at the end),
 * Meridian api processes started from dist/, tokens signed like TokenService, percentiles.
 */
const { spawn } = require('node:child_process');
const { createSecretKey } = require('node:crypto');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');
const { Client } = require('pg');

const ROOT = join(__dirname, '../..');
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const JWT_KEY = createSecretKey(Buffer.from(JWT_SECRET, 'utf8'));
/** The claims TokenService signs and verifies. */
const JWT_OPTIONS = { algorithm: 'HS256', issuer: 'meridian', audience: 'meridian-api' };

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

/** A fresh database migrated by Meridian's migrations; `drop()` removes it (also on Ctrl-C). */
async function freshDatabase(name) {
  const database = `meridian_bench_${name}_${process.pid}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = withDatabase(SERVER_URL, database);
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(join(ROOT, 'dist/libs/database/src/data-source-options.js'));
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  cleanups.push(drop);
  return { database, url, drop };
}

const cleanups = [];
const children = new Set();

async function cleanup() {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all([...children].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))));
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((error) => console.error('cleanup:', error.message));
}

process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));

/** Starts `node <script>` with env; resolves once GET <healthUrl> answers 200. */
async function startProcess(label, script, env, healthUrl) {
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('exit', () => children.delete(child));
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(healthUrl);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not become healthy:\n${output}`);
    await sleep(200);
  }
  return {
    child,
    output: () => output,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
  };
}

/** A Meridian api instance from dist/, as production runs it (MERIDIAN_ROLE=api, Redis, no demo data). */
function startMeridian({ databaseUrl, port, queuePrefix, env = {} }) {
  return startProcess(`meridian api :${port}`, join(ROOT, 'dist/apps/api/src/main.js'), {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET,
    MERIDIAN_ROLE: 'api',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CORS_ORIGINS: `http://127.0.0.1:${port}`,
    QUEUE_PREFIX: queuePrefix,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    AUTH_RATE_LIMIT: '100000',
    DATA_DIR: `/tmp/meridian-bench-${process.pid}`,
    ...env,
  }, `http://127.0.0.1:${port}/health`);
}

function signToken(user, sessionId, ttlSeconds = 3600) {
  return jwt.sign({ role: user.platformRole ?? 'member', sid: sessionId }, JWT_KEY, { ...JWT_OPTIONS, subject: user.id, expiresIn: ttlSeconds });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function summarise(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

module.exports = {
  ROOT, REDIS_URL, JWT_SECRET, JWT_KEY, JWT_OPTIONS,
  freshDatabase, startProcess, startMeridian, signToken, summarise, percentile, sleep, cleanup, cleanups, dropRedisPrefix,
};
