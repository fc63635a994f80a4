import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export interface MeridianProcess {
  /** http://127.0.0.1:<port> for an api process; '' for a worker. */
  baseUrl: string;
  child: ChildProcess;
  /** The last few KB of its stdout + stderr, for failure messages. */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/apps/<app>/src/main.js` (built by `npm test`'s pretest) with `env` — usually testEnvironment()
 * plus MERIDIAN_ROLE — and resolves when it is ready: an api once it announces its port (PORT=0 picks a free one)
 * and answers /health, a worker once it says it started.
 */
export async function startMeridianProcess(app: 'api' | 'worker', env: NodeJS.ProcessEnv, timeoutMs = 30000): Promise<MeridianProcess> {
  const script = join(ROOT, `dist/apps/${app}/src/main.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first (npm test does)`);
  // A worker is ready when it logs that it started, so it must log at info.
  const logLevel = app === 'worker' && (!env.LOG_LEVEL || env.LOG_LEVEL === 'silent') ? 'info' : env.LOG_LEVEL;
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { PATH: process.env.PATH, ...env, LOG_LEVEL: logLevel }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} process not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const port = /URL:\s+http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (app === 'api' && port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      } else if (app === 'worker' && output.includes('worker started')) {
        clearTimeout(timer);
        resolve('');
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} process exited with ${code}:\n${output}`));
    });
  });
  try {
    const baseUrl = await ready;
    if (baseUrl) {
      const response = await fetch(`${baseUrl}/health`);
      if (!response.ok) throw new Error(`${app} /health answered ${response.status}`);
    }
    return { baseUrl, child, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
