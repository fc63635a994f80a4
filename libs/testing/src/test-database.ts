import { Client } from 'pg';
import { ENV_RUN_ID, ENV_TEMPLATE_DB, serverUrl, TEST_DB_PREFIX, withDatabase } from './test-environment';

/** The run's id and this jest worker's database, copied from the migrated template on first use. */
export function testRun(): { runId: string; workerId: string; database: string } {
  const runId = process.env[ENV_RUN_ID];
  if (!runId || process.env.NODE_ENV !== 'test') {
    throw new Error('Tests must run through jest with the Meridian global setup (npm test); refusing to touch any database.');
  }
  const workerId = process.env.JEST_WORKER_ID ?? '1';
  return { runId, workerId, database: `${TEST_DB_PREFIX}${runId}_w${workerId}` };
}

export async function ensureWorkerDatabase(database = testRun().database): Promise<string> {
  if (!database.startsWith(TEST_DB_PREFIX)) throw new Error(`Refusing to use ${database}: not a database the test run created`);
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env[ENV_TEMPLATE_DB]}`);
          break;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === '42P04') break; // created meanwhile
          // 55006: the template is briefly in use by another worker's CREATE DATABASE
          if (code !== '55006' || attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl(), database);
}
