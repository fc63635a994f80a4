#!/usr/bin/env node
/*
 * Runs `nest build` only when dist/ is missing or older than a source, so `npm start` boots at once after
 * `npm install` (which builds through postinstall). Without sources (the Docker layer that installs dependencies
 * before the sources are copied) it does nothing.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '../../..');
// Every build writes this file anew, whether through this script or `npm run build`.
const stamp = join(root, 'dist/apps/api/src/main.js');
const inputs = ['apps', 'libs', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

if (!existsSync(join(root, 'apps/api/src'))) process.exit(0);
const sources = Math.max(...inputs.map((input) => join(root, input)).filter(existsSync).map(newestChange));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) process.exit(0);

const build = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['nest', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
