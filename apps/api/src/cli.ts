/**
 * Operator commands, no prompts: `npm run cli -- create-admin --email <e> --password <p> [--name <display name>]`
 * and `npm run seed` (`cli seed`: the demo network, only into a database without users).
 * Works with DATABASE_URL, and in the embedded default also while `npm start` runs (it reuses that server).
 */
import { parseArgs } from 'node:util';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@meridian/audit';
import { AdminUsersService, AuthModule, passwordProblem } from '@meridian/auth';
import { loadAppConfig } from '@meridian/config';
import { CoreModule, isOperatorError, ResolvedConfig, startProcess } from '@meridian/runtime';
import { DemoSeeder, SeedModule } from '@meridian/seed';
import { TaxonomyModule } from '@meridian/taxonomy';
import { isEmail } from 'class-validator';
import { DEMO_SEED_STEP_MODULES } from './demo-seed-steps';

const USAGE = `Usage:
  npm run cli -- create-admin --email <email> --password <password> [--name <display name>]
  npm run seed            (same as: npm run cli -- seed)

Creates a verified user with platformRole admin, or promotes the existing user with that email
(their password is then left unchanged). The password needs at least 10 characters. seed loads the demo network into a database that has no users yet
and prints the demo logins.`;

/** A mistake in how the command was called: printed with the usage, exit code 1. */
class UsageError extends Error {}

interface CreateAdminArgs {
  email: string;
  password: string;
  name?: string;
}

export function parseCreateAdmin(argv: string[]): CreateAdminArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  const password = typeof values.password === 'string' ? values.password : '';
  if (!email || !isEmail(email)) throw new UsageError('--email must be a valid email address');
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`--${problem}`);
  const name = typeof values.name === 'string' && values.name.trim() ? values.name.trim().slice(0, 100) : undefined;
  return { email, password, name };
}

@Module({})
class CliModule {
  static register(config: ResolvedConfig): DynamicModule {
    return { module: CliModule, imports: [CoreModule.forRoot(config), TaxonomyModule, AuditModule, AuthModule, SeedModule, ...DEMO_SEED_STEP_MODULES] };
  }
}

/** Runs `work` in an application context on the configured (or the running embedded) database. */
async function withApp(work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  const cli = await startProcess(
    loadAppConfig(),
    (config) => NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'], abortOnError: false }),
    { reuseRunning: true },
  );
  try {
    await work(cli.app);
  } finally {
    await cli.close();
  }
}

function createAdmin(args: CreateAdminArgs): Promise<void> {
  return withApp(async (app) => {
    const { user, created, promoted } = await app.get(AdminUsersService).createOrPromoteAdmin({ email: args.email, password: args.password, displayName: args.name });
    process.stdout.write(
      created
        ? `Created admin ${user.email} (handle @${user.handle}, id ${user.id}).\n`
        : `${user.email} ${promoted ? 'is now' : 'was already'} an admin (id ${user.id}); the password was left unchanged.\n`,
    );
  });
}

function seed(): Promise<void> {
  return withApp(async (app) => {
    const logins = await app.get(DemoSeeder).seedIfEmpty();
    if (!logins) {
      process.stdout.write('The database already has users: the demo network was not loaded.\n');
      return;
    }
    process.stdout.write(['Demo network loaded. Logins (email  password):', ...logins.map((login) => `  ${login.email}  ${login.password}    # ${login.role}`)].join('\n') + '\n');
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'create-admin') return createAdmin(parseCreateAdmin(rest));
  if (command === 'seed') {
    if (rest.length) throw new UsageError('seed takes no options');
    return seed();
  }
  if (command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === undefined) throw new UsageError('No command given');
  throw new UsageError(`Unknown command "${command}"`);
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
      else if (isOperatorError(error)) console.error(error.message);
      else console.error(error);
      process.exit(1);
    });
}
