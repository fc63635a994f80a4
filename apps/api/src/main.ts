import { bootstrap, listenOnAllInterfaces } from './bootstrap';
import { announce, exitOnStartupError, runUntilSignal } from './lifecycle';

async function main(): Promise<void> {
  const meridian = await bootstrap();
  await listenOnAllInterfaces(meridian.app, meridian.config.port);
  await announce(meridian);
  runUntilSignal(meridian.close);
}

main().catch(exitOnStartupError);
