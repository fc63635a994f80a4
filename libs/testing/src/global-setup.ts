/* Jest global setup: one migrated template database per run, and a Redis check. */
import { resolve } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { DEFAULT_TEST_REDIS_URL, ENV_REDIS, ENV_RUN_ID, ENV_TEMPLATE_DB, serverUrl, TEST_DB_PREFIX, withDatabase } from './test-environment';

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const template = `${TEST_DB_PREFIX}${runId}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }

  // Migrations come from dist/ (npm test builds first): the same compiled files production runs.
  const { DataSource } = await import('typeorm');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a compiled file chosen at run time
  const { dataSourceOptions } = require(resolve(__dirname, '../../../dist/libs/database/src/data-source-options.js'));
  const dataSource = new DataSource(dataSourceOptions(withDatabase(serverUrl(), template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }

  const redisUrl = process.env.REDIS_URL || DEFAULT_TEST_REDIS_URL;
  if (await redisAnswers(redisUrl)) {
    process.env[ENV_REDIS] = redisUrl;
  } else {
    delete process.env[ENV_REDIS];
    process.stdout.write(`\nNo Redis answers at ${redisUrl}: this run uses BullMQ's PostgreSQL backend and the in-memory socket.io adapter.\n`);
  }
  process.env[ENV_RUN_ID] = runId;
  process.env[ENV_TEMPLATE_DB] = template;
}
