import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@meridian/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from '@meridian/database';

/** Configuration with everything the embedded default fills in resolved: a database URL and a JWT secret. */
export interface ResolvedConfig extends AppConfig {
  databaseUrl: string;
  jwtSecret: string;
  /** True when this process started (or reused) the embedded PostgreSQL: migrations then run at boot. */
  embeddedDatabase: boolean;
}

export interface Runtime {
  config: ResolvedConfig;
  embedded?: EmbeddedDatabase;
}

/**
 * A secret the embedded default generates once and keeps in DATA_DIR/<name>, readable by this user only (0600, also
 * when an older file was looser): the JWT secret (restarts keep sessions valid) and the embedded PostgreSQL's
 * superuser password (no fixed password a local user could sign in with; DESIGN.md §14, no insecure defaults).
 */
function embeddedSecret(dataDir: string, name: 'jwt-secret' | 'pg-password', generate: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = generate();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Starts what the configuration leaves to Meridian: the embedded PostgreSQL without DATABASE_URL.
 * `reuseRunning` lets a short-lived command (the CLI) use the server of a running `npm start`.
 */
export async function prepareRuntime(config: AppConfig, options: { reuseRunning?: boolean } = {}): Promise<Runtime> {
  if (config.databaseUrl) {
    return { config: { ...config, databaseUrl: config.databaseUrl, jwtSecret: config.jwtSecret!, embeddedDatabase: false } };
  }
  // Hex: nothing to escape in a URL or an SQL literal.
  const password = embeddedSecret(config.dataDir, 'pg-password', () => randomBytes(24).toString('hex'));
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, password, reuseRunning: options.reuseRunning });
  const jwtSecret = config.jwtSecret ?? embeddedSecret(config.dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'));
  return { embedded, config: { ...config, databaseUrl: embedded.url, jwtSecret, embeddedDatabase: true } };
}
