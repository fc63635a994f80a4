import { ConfigError } from '@meridian/config';
import { EmbeddedPostgresBusyError } from '@meridian/database';
import { bootstrap } from './bootstrap';
import { announce, runUntilSignal } from './lifecycle';

async function main(): Promise<void> {
  const meridian = await bootstrap();
  await meridian.app.listen(meridian.config.port);
  await announce(meridian);
  runUntilSignal(meridian.close);
}

main().catch((error: unknown) => {
  // One line for errors an operator can fix; a stack for everything else.
  const expected = error instanceof ConfigError || error instanceof EmbeddedPostgresBusyError;
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
});
