#!/usr/bin/env node
/**
 * `npm run bench -- <name> [args]`: runs bench/<name>/index.js against the machine's PostgreSQL and Redis
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL; defaults to the local servers). Builds dist/ first when it is missing.
 */
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const available = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(__dirname, entry.name, 'index.js')))
  .map((entry) => entry.name);
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}>`);
  process.exit(name ? 1 : 0);
}
if (!existsSync(join(root, 'dist/apps/api/src/main.js')) || process.env.BENCH_BUILD === '1') {
  console.log('building dist/ (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [join(__dirname, name, 'index.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
