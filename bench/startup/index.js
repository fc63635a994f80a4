/**
 * Startup: `npm start` on the embedded default (no DATABASE_URL, REDIS_URL or SMTP_URL; a fresh DATA_DIR) until
 * /health answers 200 and until a demo login works. The first start after `npm install` (which compiles through
 * postinstall; the compile is timed separately): initdb, migrations and the demo seed; the login is the one it prints) and a later start on the same data directory; then
 * `node dist/apps/api/src/main.js` on it (no build, no npm); reference in the same run: a bare node http server.
 *
 * Goal (issue 12): /health 200 and a printed demo login working within 15 s of `npm start`.
 * Each start runs in its own process group and is stopped as a whole (npm may not forward SIGTERM to node, nor
 * node's shutdown reach the embedded PostgreSQL); the benchmark fails if that PostgreSQL outlives its start.
 * Needs no PostgreSQL or Redis of the machine. Knob: BENCH_LOG_LEVEL (Meridian's LOG_LEVEL, default warn).
 */
const { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const h = require('../lib/harness');

const PRINTED_LOGIN = /^\s*(secretariat@meridian\.example) {2}(\S+)/m;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Stops an embedded PostgreSQL still running on `dataDir` (SIGINT: fast shutdown); returns its pid, if there was one. */
async function stopLeftoverPostgres(dataDir) {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return undefined;
  process.kill(pid, 'SIGINT');
  await h.waitFor(() => !isAlive(pid), `PostgreSQL ${pid} to stop`, { timeoutMs: 20000, intervalMs: 100 });
  return pid;
}

/** The demo secretariat's credentials: the login `output` printed, else the demo data's (a later start prints none). */
function demoLogin(output) {
  const printed = PRINTED_LOGIN.exec(output);
  if (printed) return { email: printed[1], password: printed[2], printed: true };
  const { DEMO_USERS, DEMO_PASSWORD } = require(join(h.ROOT, 'dist/libs/seed/src/demo-data.js'));
  return { email: DEMO_USERS.find((user) => user.key === 'secretariat').email, password: DEMO_PASSWORD, printed: false };
}

/**
 * Starts `command args` with exactly `env` (its own process group) and times /health 200 and, with `login`, a
 * demo login from the start; stops the group and checks that no PostgreSQL of `dataDir` is left running.
 */
async function timeStart(label, command, args, env, { login = false, dataDir } = {}) {
  const base = `http://127.0.0.1:${env.PORT}`;
  const started = performance.now();
  const proc = h.spawnProcess(label, command, args, { env, group: true });
  const result = { label };
  try {
    await h.whenReady(proc, h.healthy(`${base}/health`), { timeoutMs: 240000, intervalMs: 50 });
    result.health = performance.now() - started;
    if (login) {
      const credentials = demoLogin(proc.output());
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: credentials.email, password: credentials.password }),
      });
      result.login = response.status === 200 ? performance.now() - started : `login answered ${response.status}`;
      result.printed = credentials.printed;
    }
  } finally {
    await proc.stop();
    const leftover = dataDir && (await stopLeftoverPostgres(dataDir));
    if (leftover) throw new Error(`${label}: the embedded PostgreSQL (pid ${leftover}) outlived it`);
  }
  return result;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-bench-start-'));
  chmodSync(dataDir, 0o755); // initdb runs as the postgres OS user when we are root
  h.cleanups.push(async () => {
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const embeddedEnv = async () => ({
    PATH: process.env.PATH,
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    DATA_DIR: dataDir,
    PORT: String(await h.freePort()),
    EMBEDDED_PG_PORT: String(await h.freePort()),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
  });
  console.log(`startup: npm start on the embedded default, DATA_DIR=${dataDir}`);

  // `npm install` compiles (postinstall), so `npm start` only boots; the compile is timed here for the record.
  const buildStarted = Date.now();
  const build = require('node:child_process').spawnSync('npm', ['run', 'build', '--silent'], { cwd: h.ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const buildMs = Date.now() - buildStarted;

  const rows = [];
  const npmStart = ['start', '--silent'];
  const options = { login: true, dataDir };
  rows.push(await timeStart('npm start, first after npm install (initdb + migrations + demo seed)', 'npm', npmStart, await embeddedEnv(), options));
  rows.push(await timeStart('npm start, later start', 'npm', npmStart, await embeddedEnv(), options));
  rows.push(await timeStart('node dist/apps/api/src/main.js, later start (no build)', process.execPath, ['dist/apps/api/src/main.js'], await embeddedEnv(), options));
  const reference = { PATH: process.env.PATH, PORT: String(await h.freePort()) };
  const bareServer = "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";
  rows.push(await timeStart('reference: bare node http server', process.execPath, ['-e', bareServer], reference));

  h.printTable(
    ['start', '/health 200:', 'demo login OK:'],
    rows.map((row) => [row.label, h.seconds(row.health), row.login === undefined ? '—' : `${h.seconds(row.login)}${row.printed ? ' (printed login)' : ''}`]),
  );
  console.log(`\n(compiling, done once by npm install: ${h.seconds(buildMs)})`);
  const first = rows[0];
  const met = typeof first.login === 'number' && first.printed && first.login <= 15000;
  console.log(`\nfirst npm start: a printed demo login works within 15 s: ${met ? 'met' : 'NOT met'}`);
}

h.runMain(module, main);
