import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig, ConfigError } from '@meridian/config';
import { EmbeddedPostgresBusyError } from '@meridian/database';
import { prepareRuntime, ResolvedConfig, Runtime } from './runtime';

export interface StartedProcess<App extends INestApplicationContext> {
  app: App;
  config: ResolvedConfig;
  runtime: Runtime;
  /** Closes the app (running jobs finish), then the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

/**
 * How every Meridian process (api, worker, CLI) starts: resolve the runtime (the embedded PostgreSQL when no
 * DATABASE_URL), build the Nest app on it, and pair their shutdown. If building fails, the embedded
 * PostgreSQL this process started is stopped before the error propagates.
 */
export async function startProcess<App extends INestApplicationContext>(
  config: AppConfig,
  createApp: (config: ResolvedConfig) => Promise<App>,
  options: { reuseRunning?: boolean } = {},
): Promise<StartedProcess<App>> {
  const runtime = await prepareRuntime(config, options);
  try {
    const app = await createApp(runtime.config);
    return {
      app,
      config: runtime.config,
      runtime,
      close: async () => {
        try {
          await app.close();
        } finally {
          await runtime.embedded?.stop();
        }
      },
    };
  } catch (error) {
    await runtime.embedded?.stop().catch(() => undefined);
    throw error;
  }
}

/** Closes gracefully on SIGTERM/SIGINT (running jobs finish, then the embedded PostgreSQL stops); a second signal forces exit. */
export function runUntilSignal(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    close()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(`Shutdown after ${signal} failed:`, error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Errors an operator can fix (configuration, a busy data directory): printed as one line, without a stack. */
export function isOperatorError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof EmbeddedPostgresBusyError;
}

/** Startup failed: one line for errors an operator can fix, a stack otherwise. */
export function exitOnStartupError(error: unknown): never {
  console.error(isOperatorError(error) ? error.message : error);
  process.exit(1);
}
