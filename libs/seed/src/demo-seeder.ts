import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Transaction, Transactions } from '@meridian/database';
import { DEMO_SEED_STEP, DemoLogin, DemoSeedContext, DemoSeedStep, orderDemoSeedSteps } from './demo-seed-step';

/** Loads the demo network (every registered step) into a database that has none of its data yet; never touches one that has. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly discovery: DiscoveryService,
  ) {}

  /** The registered steps, in the order they run. */
  steps(): DemoSeedStep[] {
    const registered = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.token === DEMO_SEED_STEP && wrapper.instance)
      .map((wrapper) => wrapper.instance as DemoSeedStep);
    return orderDemoSeedSteps(registered);
  }

  async seedIfEmpty(): Promise<DemoLogin[] | null> {
    const steps = this.steps();
    return this.transactions.run(async (tx) => {
      if (await this.anyHasData(tx, steps)) return null;
      // Two processes seeding at once: the second waits here and then sees the data.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('meridian-demo-seed'))`);
      if (await this.anyHasData(tx, steps)) return null;
      const context: DemoSeedContext = { ids: {}, logins: new Map() };
      for (const step of steps) {
        this.logger.log(`Seeding demo ${step.name}`);
        await step.run(tx, context);
      }
      return [...context.logins.values()];
    });
  }

  private async anyHasData(tx: Transaction, steps: DemoSeedStep[]): Promise<boolean> {
    for (const step of steps) if (await step.hasData?.(tx)) return true;
    return false;
  }
}
