/* Jest global teardown: drops every database this run created and the Redis keys under its prefixes. */
import { Client } from 'pg';
import Redis from 'ioredis';
import { ENV_REDIS, ENV_RUN_ID, serverUrl, TEST_DB_PREFIX } from './test-environment';

export default async function globalTeardown(): Promise<void> {
  const runId = process.env[ENV_RUN_ID];
  if (!runId) return;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}${runId}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redisUrl = process.env[ENV_REDIS];
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `*test-${runId}*`, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
