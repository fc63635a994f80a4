#!/usr/bin/env node
/*
 * Startup benchmark: `npm start` on the embedded default (no env) until /health answers 200 and a printed
 * demo login works. First start (fresh data directory: initdb, migrations, demo seed) and a later start.
 * Reference in the same run: `node -e` of an empty HTTP server, to show what the machine itself costs.
 */
const { spawn } = require('node:child_process');
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const net = require('node:net');

const ROOT = resolve(__dirname, '../..');

function freePort() {
  return new Promise((ok) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function timeUntilReady(command, args, env, port, loginPattern) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  let health;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  health = ms();
  let login = null;
  if (loginPattern) {
    const match = output.match(loginPattern);
    const [email, password] = match ? [match[1], match[2]] : ['secretariat@meridian.example', 'meridian-demo-2026'];
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    login = response.status === 200 ? ms() : `login answered ${response.status}`;
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { health, login };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-bench-start-'));
  chmodSync(dataDir, 0o755);
  const rows = [];
  try {
    const pgPort = await freePort();
    for (const label of ['npm start, first (initdb + migrations + demo seed)', 'npm start, later start']) {
      const port = await freePort();
      const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
      rows.push([label, await timeUntilReady('npm', ['start', '--silent'], env, port, /(secretariat@meridian\.example) {2}(\S+)/)]);
    }
    const port = await freePort();
    rows.push(['node dist/apps/api/src/main.js, later start (no build)', await timeUntilReady(process.execPath, ['dist/apps/api/src/main.js'], { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' }, port, /(secretariat@meridian\.example) {2}(\S+)/)]);
    const refPort = await freePort();
    rows.push(['reference: bare node http server', await timeUntilReady(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${refPort})`], {}, refPort, null)]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nStartup to /health 200 and a working demo login');
  console.log('| run | /health 200 | demo login OK |');
  console.log('|---|---|---|');
  for (const [label, { health, login }] of rows) {
    const fmt = (v) => (typeof v === 'number' ? `${(v / 1000).toFixed(2)} s` : v ?? '—');
    console.log(`| ${label} | ${fmt(health)} | ${fmt(login)} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
