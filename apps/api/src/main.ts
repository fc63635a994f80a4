import { exitOnStartupError, runUntilSignal } from '@meridian/runtime';
import { announce } from './announce';
import { bootstrap, listenOnAllInterfaces } from './bootstrap';

async function main(): Promise<void> {
  const meridian = await bootstrap();
  await listenOnAllInterfaces(meridian.app, meridian.config.port);
  await announce(meridian);
  runUntilSignal(meridian.close);
}

main().catch(exitOnStartupError);
