import { Injectable, Logger } from '@nestjs/common';
import { PasswordService } from '@meridian/auth';
import { DataSource, EntityManager } from 'typeorm';
import { discussionsDemoSeedStep } from '@meridian/discussions/demo/discussions-demo.seed';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

/** Ids of what the foundation seeded, for the capabilities that seed on top of it. */
export interface SeededFoundation {
  users: Record<string, string>;
  organisations: Record<string, string>;
}

/**
 * One step of demo data, contributed by a capability (groups and threads, documents, events…).
 * Steps run in registration order inside the seeding transaction.
 */
export interface DemoSeedStep {
  name: string;
  run(manager: EntityManager, foundation: SeededFoundation): Promise<void>;
}

export const DEMO_SEED_STEPS: DemoSeedStep[] = [discussionsDemoSeedStep];

/** Loads the demo network into a database that has no users yet; never touches one that has. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(private readonly dataSource: DataSource, private readonly passwords: PasswordService) {}

  async seedIfEmpty(): Promise<DemoLogin[] | null> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM app_user`);
    if (count > 0) return null;
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    await this.dataSource.transaction(async (manager) => {
      // Two processes seeding at once: the second waits here and then sees the users.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('meridian-demo-seed'))`);
      const [{ count: again }] = await manager.query(`SELECT count(*)::int AS count FROM app_user`);
      if (again > 0) return;
      const foundation = await this.seedFoundation(manager, passwordHash);
      for (const step of DEMO_SEED_STEPS) {
        this.logger.log(`Seeding demo ${step.name}`);
        await step.run(manager, foundation);
      }
    });
    return DEMO_USERS.map((user) => ({ email: user.email, password: DEMO_PASSWORD, role: user.platformRole === 'member' ? Object.keys(user.organisations).join(', ') : user.platformRole }));
  }

  private async seedFoundation(manager: EntityManager, passwordHash: string): Promise<SeededFoundation> {
    const users: Record<string, string> = {};
    const organisations: Record<string, string> = {};
    for (const user of DEMO_USERS) {
      const [row] = await manager.query(
        `INSERT INTO app_user (email, password_hash, display_name, handle, platform_role, timezone, locale, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [user.email, passwordHash, user.displayName, user.handle, user.platformRole, user.timezone, user.locale],
      );
      users[user.key] = row.id;
    }
    for (const organisation of DEMO_ORGANISATIONS) {
      const owner = DEMO_USERS.find((user) => user.organisations[organisation.key] === 'owner');
      const [row] = await manager.query(
        `INSERT INTO organisation (name, acronym, type, country, website, description, status, created_by_id, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'approved' THEN now() END) RETURNING id`,
        [organisation.name, organisation.acronym, organisation.type, organisation.country, organisation.website, organisation.description, organisation.status, owner ? users[owner.key] : null],
      );
      organisations[organisation.key] = row.id;
    }
    for (const user of DEMO_USERS) {
      for (const [organisationKey, role] of Object.entries(user.organisations)) {
        await manager.query(`INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, $3, 'active')`, [organisations[organisationKey], users[user.key], role]);
      }
    }
    return { users, organisations };
  }
}
