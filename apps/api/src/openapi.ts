/**
 * Writes openapi.json (`npm run openapi:generate`) or fails when the committed one differs (`npm run openapi:check`).
 * Builds the module graph in preview mode, so no database, Redis or SMTP is needed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildAppConfig, parseEnv } from '@meridian/config';
import { ApiModule } from './api.module';
import { API_PREFIX, createHttpAdapter } from './bootstrap';
import { createOpenApiDocument } from './openapi.setup';

async function main(): Promise<void> {
  const base = buildAppConfig(parseEnv({ DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview', JWT_SECRET: randomBytes(48).toString('base64'), REDIS_URL: 'redis://127.0.0.1:1' }));
  const config = { ...base, role: 'api' as const, databaseUrl: base.databaseUrl!, jwtSecret: base.jwtSecret!, embeddedDatabase: false };
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), createHttpAdapter(), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  const document = JSON.stringify(createOpenApiDocument(app), null, 2) + '\n';
  const file = resolve(__dirname, '../../../../openapi.json');
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== document) {
      console.error('openapi.json is out of date: run `npm run build && npm run openapi:generate` and commit it.');
      process.exit(1);
    }
    console.log('openapi.json is up to date');
  } else {
    writeFileSync(file, document);
    console.log(`wrote ${file}`);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
