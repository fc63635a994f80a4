import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@meridian/config';
import { prepareRuntime } from '@meridian/runtime';
import { Logger } from 'nestjs-pino';
import { exitOnStartupError, runUntilSignal } from '../../api/src/lifecycle';
import { WorkerModule } from './worker.module';

/** The queue worker: no HTTP, just processors (MERIDIAN_ROLE=worker). */
async function main(): Promise<void> {
  const runtime = await prepareRuntime({ ...loadAppConfig(), role: 'worker' }, { reuseRunning: true });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(runtime.config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  app.get(Logger).log(`Meridian worker started (queues on ${runtime.config.redisUrl ? 'Redis' : 'PostgreSQL'})`);
  runUntilSignal(async () => {
    await app.close();
    await runtime.embedded?.stop();
  });
}

main().catch(exitOnStartupError);
