import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, GiveUp, spawnDist, SpawnedProcess, waitUntil } from '@meridian/testing';

/** The SQLSTATE PostgreSQL answers a superuser sign-in with `password` (undefined when it is let in). */
async function signInRefusal(port: number, password: string): Promise<string | undefined> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `npm start` with no configuration: embedded PostgreSQL under DATA_DIR, queues on PostgreSQL,
 * demo data loaded and printed. Runs the compiled api exactly as `npm start` does.
 */
describe('the embedded default (npm start with no DATABASE_URL)', () => {
  jest.setTimeout(120000);
  let dataDir: string;
  const started: SpawnedProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'meridian-embedded-'));
    chmodSync(dataDir, 0o755); // initdb runs as the postgres user when we are root
  });

  afterAll(async () => {
    for (const process of started) await process.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(port: number, pgPort: number): Promise<SpawnedProcess> {
    const instance = spawnDist('dist/apps/api/src/main.js', { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' });
    started.push(instance);
    return instance;
  }

  const healthy = (port: number) => async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
  /** Healthy, or fail at once with its output if the process died. */
  const upOrDead = (instance: SpawnedProcess, port: number) => async () => {
    if (instance.child.exitCode !== null) throw new GiveUp(`exited ${instance.child.exitCode}: ${instance.output()}`);
    return healthy(port)();
  };

  it('starts on a bare machine, prints the demo logins, refuses a second instance and recovers after kill -9', async () => {
    const pgPort = await freePort();
    const port = await freePort();
    const first = await start(port, pgPort);
    await waitUntil(upOrDead(first, port), { timeoutMs: 60000, intervalMs: 200, what: () => `health; output: ${first.output()}` });
    await waitUntil(() => first.output().includes('Demo logins'), { what: () => `demo logins; output: ${first.output()}` });
    expect(first.output()).toMatch(/secretariat@meridian\.example {2}\S+/);
    expect(first.output()).toContain(`http://localhost:${port}/api/docs`);

    // No fixed superuser password: a random one beside the generated JWT secret, both readable by their owner only.
    const passwordFile = join(dataDir, 'pg-password');
    for (const file of [passwordFile, join(dataDir, 'jwt-secret')]) expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(await signInRefusal(pgPort, 'postgres')).toBe('28P01');
    expect(await signInRefusal(pgPort, password)).toBeUndefined();

    // A second `npm start` on the same data directory: a clear message, and the running server is left alone.
    const second = await start(await freePort(), pgPort);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/belongs to running process \d+; stop it or set DATABASE_URL/);
    expect(await healthy(port)()).toBe(true);

    // A data directory from before the password was generated: postgres/postgres and no pg-password file.
    const admin = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    await admin.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
    await admin.end();
    rmSync(passwordFile);

    // kill -9 leaves PostgreSQL orphaned: the next start stops it and comes up, with the demo data kept, and moves
    // the former default password to a generated one.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = await start(port, pgPort);
    await waitUntil(upOrDead(third, port), { timeoutMs: 60000, intervalMs: 200, what: () => `health; output: ${third.output()}` });
    expect(third.output()).not.toContain('Demo logins');
    expect(third.output()).toMatch(/superuser had the former default password; it now uses the generated one/);
    const moved = readFileSync(passwordFile, 'utf8').trim();
    expect(moved).not.toBe(password);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(await signInRefusal(pgPort, 'postgres')).toBe('28P01');
    expect(await signInRefusal(pgPort, moved)).toBeUndefined();
    await third.stop();
    expect(third.child.signalCode ?? third.child.exitCode).not.toBeNull();
  });

  it('refuses to start on a wrong setting with one line naming the variable, and never echoes a secret', async () => {
    const wrongPort = spawnDist('dist/apps/api/src/main.js', { DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await wrongPort.exited).toBe(1);
    expect(wrongPort.output().trim()).toBe('Invalid configuration: PORT must be an integer number (got "eighty")');

    const secret = 'hunter2-is-not-a-url';
    const wrongDatabase = spawnDist('dist/apps/api/src/main.js', { DATA_DIR: dataDir, DATABASE_URL: secret, JWT_SECRET: randomBytes(48).toString('base64') });
    expect(await wrongDatabase.exited).toBe(1);
    expect(wrongDatabase.output()).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL\s*$/);
    expect(wrongDatabase.output()).not.toContain(secret);
  });
});
