/**
 * Names shared by the jest global setup (parent process) and the test workers. Relative imports only:
 * jest's globalSetup does not go through moduleNameMapper.
 */
export const TEST_DB_PREFIX = 'meridian_test_';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Set by the global setup for the workers. */
export const ENV_RUN_ID = 'MERIDIAN_TEST_RUN_ID';
export const ENV_TEMPLATE_DB = 'MERIDIAN_TEST_TEMPLATE_DB';
export const ENV_REDIS = 'MERIDIAN_TEST_REDIS_URL';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}
