import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface SpawnedProcess {
  child: ChildProcess;
  /** The last 16 KB the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs a compiled entry point (`dist/…`) of this repository, as production does. */
export function spawnDist(entry: string, env: NodeJS.ProcessEnv, args: string[] = []): SpawnedProcess {
  const child = spawn(process.execPath, [resolve(ROOT, entry), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Thrown by a waitUntil probe to stop waiting at once (a process died); other errors count as "not yet". */
export class GiveUp extends Error {}

/**
 * Polls `check` until it returns a truthy value (or fails after `timeoutMs`): wait for conditions, not fixed sleeps.
 * A check that throws counts as "not yet", except GiveUp, which stops at once.
 */
type Falsy = undefined | null | false | 0 | '';

export async function waitUntil<T>(check: () => Promise<T | Falsy> | T | Falsy, options: { timeoutMs?: number; intervalMs?: number; what?: string | (() => string) } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      const what = typeof options.what === 'function' ? options.what() : (options.what ?? 'a condition');
      throw new Error(`Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface MeridianProcess {
  /** http://127.0.0.1:<port> for an api process; '' for a worker. */
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/apps/<app>/src/main.js` with `env` (usually testEnvironment() plus MERIDIAN_ROLE) and resolves
 * when it is ready: an api once it announces its port (PORT=0 picks a free one) and answers /health, a worker once
 * it says it started.
 */
export async function startMeridianProcess(app: 'api' | 'worker', env: NodeJS.ProcessEnv, timeoutMs = 30000): Promise<MeridianProcess> {
  const entry = `dist/apps/${app}/src/main.js`;
  if (!existsSync(resolve(ROOT, entry))) throw new Error(`${entry} is missing: run npm run build first (npm test does)`);
  // A worker is ready when it logs that it started, so it must log at info.
  const logLevel = app === 'worker' && (!env.LOG_LEVEL || env.LOG_LEVEL === 'silent') ? 'info' : env.LOG_LEVEL;
  const spawned = spawnDist(entry, { ...env, LOG_LEVEL: logLevel });
  // Watched as it arrives: at info level, log lines pino flushes later can push the announcement out of output().
  let announced = '';
  let carried = '';
  spawned.child.stdout!.on('data', (chunk: Buffer) => {
    if (announced) return;
    const text = carried + chunk.toString();
    const port = /URL:\s+http:\/\/localhost:(\d+)\s/.exec(text)?.[1];
    if (app === 'worker' ? text.includes('worker started') : port) announced = app === 'worker' ? ' ' : `http://127.0.0.1:${port}`;
    carried = text.slice(-200); // an announcement split across chunks
  });
  try {
    const baseUrl = await waitUntil<string>(
      (): string | undefined => {
        if (spawned.child.exitCode !== null) throw new GiveUp(`${app} process exited with ${spawned.child.exitCode}:\n${spawned.output()}`);
        return announced || undefined;
      },
      { timeoutMs, intervalMs: 50, what: () => `${app} process to be ready:\n${spawned.output()}` },
    );
    if (app === 'api') {
      const response = await fetch(`${baseUrl}/health`);
      if (!response.ok) throw new Error(`${app} /health answered ${response.status}`);
    }
    return { baseUrl: baseUrl.trim(), child: spawned.child, output: spawned.output, stop: () => spawned.stop() };
  } catch (error) {
    await spawned.stop();
    throw error;
  }
}
