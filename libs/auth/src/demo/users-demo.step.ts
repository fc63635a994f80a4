import { Injectable, Module } from '@nestjs/common';
import type { Transaction } from '@meridian/database';
import { DEMO_SEED_STEP, DemoSeedContext, DemoSeedStep } from '@meridian/seed';
import { PasswordService } from '../password.service';

/** The password of every demo account (printed at start; demo only). */
export const DEMO_PASSWORD = 'meridian-demo-2026';

interface DemoUser {
  key: string;
  email: string;
  displayName: string;
  handle: string;
  platformRole: 'member' | 'secretariat' | 'admin';
  timezone: string;
  locale: string;
}

/** Keys are how the other demo steps refer to these people (`ids.users.<key>`). */
const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@meridian.example', displayName: 'Platform Admin', handle: 'admin', platformRole: 'admin', timezone: 'Asia/Bangkok', locale: 'en' },
  { key: 'secretariat', email: 'secretariat@meridian.example', displayName: 'Aroon Chaiyasit', handle: 'aroon', platformRole: 'secretariat', timezone: 'Asia/Bangkok', locale: 'en' },
  { key: 'iom', email: 'lena.hoffmann@iom.example', displayName: 'Lena Hoffmann', handle: 'lena', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en' },
  { key: 'ilo', email: 'rahul.menon@ilo.example', displayName: 'Rahul Menon', handle: 'rahul', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en' },
  { key: 'dmw', email: 'maria.santos@dmw.example', displayName: 'Maria Santos', handle: 'maria', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en' },
  { key: 'kemnaker', email: 'budi.hartono@kemnaker.example', displayName: 'Budi Hartono', handle: 'budi', platformRole: 'member', timezone: 'Asia/Jakarta', locale: 'id' },
  { key: 'moless', email: 'sita.gurung@moless.example', displayName: 'Sita Gurung', handle: 'sita', platformRole: 'member', timezone: 'Asia/Kathmandu', locale: 'ne' },
  { key: 'smc', email: 'paolo.reyes@smc.example', displayName: 'Paolo Reyes', handle: 'paolo', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en' },
  { key: 'arcm', email: 'nanthida.s@arcm.example', displayName: 'Nanthida Srisuk', handle: 'nanthida', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'th' },
  { key: 'mfa', email: 'joy.delacruz@mfa.example', displayName: 'Joy Dela Cruz', handle: 'joy', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en' },
  { key: 'tfamw', email: 'wei.lim@tfamw.example', displayName: 'Lim Wei Ling', handle: 'weiling', platformRole: 'member', timezone: 'Asia/Kuala_Lumpur', locale: 'zh' },
  { key: 'gaatw', email: 'ayesha.khan@gaatw.example', displayName: 'Ayesha Khan', handle: 'ayesha', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en' },
  { key: 'iom2', email: 'kenji.watanabe@iom.example', displayName: 'Kenji Watanabe', handle: 'kenji', platformRole: 'member', timezone: 'Asia/Tokyo', locale: 'ja' },
  { key: 'dewi', email: 'dewi.lestari@ui.example', displayName: 'Dewi Lestari', handle: 'dewi', platformRole: 'member', timezone: 'Asia/Jakarta', locale: 'id' },
  { key: 'nids', email: 'ram.thapa@nids.example', displayName: 'Ram Thapa', handle: 'ram', platformRole: 'member', timezone: 'Asia/Kathmandu', locale: 'en' },
];

/** The demo accounts, all verified and with one password; a login is for its platform role until a later step says more. */
@Injectable()
export class UsersDemoStep implements DemoSeedStep {
  readonly name = 'users';

  constructor(private readonly passwords: PasswordService) {}

  /** The demo loads only into a database without users (DESIGN.md §13). */
  async hasData(tx: Transaction): Promise<boolean> {
    const [{ count }] = await tx.query(`SELECT count(*)::int AS count FROM app_user`);
    return count > 0;
  }

  async run(tx: Transaction, context: DemoSeedContext): Promise<void> {
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    const users: Record<string, string> = (context.ids.users = {});
    for (const user of DEMO_USERS) {
      const [row] = await tx.query(
        `INSERT INTO app_user (email, password_hash, display_name, handle, platform_role, timezone, locale, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [user.email, passwordHash, user.displayName, user.handle, user.platformRole, user.timezone, user.locale],
      );
      users[user.key] = row.id;
      context.logins.set(user.key, { email: user.email, password: DEMO_PASSWORD, role: user.platformRole });
    }
  }
}

/** Registers the demo accounts with the seeder (imported by the apps that seed). */
@Module({ providers: [{ provide: DEMO_SEED_STEP, useClass: UsersDemoStep }] })
export class AuthDemoModule {}
