import type { Transaction } from '@meridian/database';

/** A demo login, printed at start with what it is for. */
export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

/** What the steps that ran before a step created, for the steps that build on it. */
export interface DemoSeedContext {
  /** Ids by kind and demo key, e.g. `ids.users.secretariat`, `ids.organisations.iom`. */
  readonly ids: Record<string, Record<string, string>>;
  /** Demo logins by user key, in the order they are printed; a later step may say better what one is for. */
  readonly logins: Map<string, DemoLogin>;
}

/**
 * One capability's demo data (users, organisations, groups and threads, documents, events…). A domain contributes
 * its step as a provider of DEMO_SEED_STEP in a module the apps import; the seeder runs every step found, each
 * after the steps it names in `after`, all in one transaction.
 */
export interface DemoSeedStep {
  /** Unique among the steps; other steps name it in `after`. */
  readonly name: string;
  /** Steps whose data this one builds on. */
  readonly after?: readonly string[];
  /** True when the database already holds this step's kind of data: then no demo data is loaded at all. */
  hasData?(tx: Transaction): Promise<boolean>;
  run(tx: Transaction, context: DemoSeedContext): Promise<void>;
}

/**
 * The token every demo step is provided under: `{ provide: DEMO_SEED_STEP, useClass: UsersDemoStep }`. Nest has no
 * multi-providers, so the seeder collects every provider of this token across modules (DiscoveryService).
 */
export const DEMO_SEED_STEP = Symbol('DEMO_SEED_STEP');

/** The steps in the order they run: each after those it names in `after`, otherwise in the order given. */
export function orderDemoSeedSteps(steps: readonly DemoSeedStep[]): DemoSeedStep[] {
  const byName = new Map<string, DemoSeedStep>();
  for (const step of steps) {
    if (byName.has(step.name)) throw new Error(`Two demo seed steps are named "${step.name}"`);
    byName.set(step.name, step);
  }
  for (const step of steps) {
    const unknown = (step.after ?? []).filter((name) => !byName.has(name));
    if (unknown.length) throw new Error(`Demo seed step "${step.name}" runs after [${unknown.join(', ')}], which no module registered`);
  }
  const ordered: DemoSeedStep[] = [];
  const done = new Set<string>();
  while (ordered.length < steps.length) {
    const next = steps.find((step) => !done.has(step.name) && (step.after ?? []).every((name) => done.has(name)));
    if (!next) {
      const stuck = steps.filter((step) => !done.has(step.name)).map((step) => step.name);
      throw new Error(`Demo seed steps wait for each other: [${stuck.join(', ')}]`);
    }
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}
