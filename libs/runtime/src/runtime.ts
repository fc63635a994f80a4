import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The embedded default keeps one generated secret under DATA_DIR, so restarts keep sessions valid. */
function embeddedJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
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
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, reuseRunning: options.reuseRunning });
  return {
    embedded,
    config: { ...config, databaseUrl: embedded.url, jwtSecret: config.jwtSecret ?? embeddedJwtSecret(config.dataDir), embeddedDatabase: true },
  };
}
