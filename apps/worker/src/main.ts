import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@meridian/config';
import { exitOnStartupError, runUntilSignal, startProcess } from '@meridian/runtime';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The queue worker: no HTTP, just processors (MERIDIAN_ROLE=worker). */
async function main(): Promise<void> {
  const worker = await startProcess(
    { ...loadAppConfig(), role: 'worker' },
    async (config) => {
      const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
      app.useLogger(app.get(Logger));
      await app.init();
      return app;
    },
    { reuseRunning: true },
  );
  worker.app.get(Logger).log(`Meridian worker started (queues on ${worker.config.redisUrl ? 'Redis' : 'PostgreSQL'})`);
  runUntilSignal(worker.close);
}

main().catch(exitOnStartupError);
