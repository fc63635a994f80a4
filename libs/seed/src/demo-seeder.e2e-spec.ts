import request from 'supertest';
import { DEMO_PASSWORD } from '@meridian/auth';
import { DEMO_ORGANISATIONS } from '@meridian/organisations';
import { createTestApp, ensureWorkerDatabase, loginAs, TestApp, testRun } from '@meridian/testing';
import { DataSource } from 'typeorm';
import { DemoSeeder } from './demo-seeder';

describe('Demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A database of its own: the seeder only fills a database without users.
    const databaseUrl = await ensureWorkerDatabase(`${testRun().database}_seed`);
    t = await createTestApp({ env: { DATABASE_URL: databaseUrl, SEED_DEMO: 'true' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('prints logins for the admin, the secretariat and organisation members, all with the demo password', () => {
    const logins = t.demoLogins ?? [];
    expect(logins.map((login) => login.role)).toEqual(expect.arrayContaining(['admin', 'secretariat', 'owner of IOM']));
    expect(logins.every((login) => login.password === DEMO_PASSWORD)).toBe(true);
  });

  it('lists the approved organisations of the region in the public directory, not the pending application', async () => {
    const response = await request(t.server).get('/api/v1/organisations').query({ limit: 100 }).expect(200);
    const acronyms = response.body.items.map((item: { acronym: string }) => item.acronym);
    expect(acronyms).toEqual(expect.arrayContaining(['ESCAP', 'IOM', 'ILO', 'UNHCR', 'UN Women', 'UNODC', 'DMW', 'SMC', 'MFA', 'TFAMW', 'GAATW']));
    expect(acronyms).not.toContain('NIDS');
    expect(response.body.items).toHaveLength(DEMO_ORGANISATIONS.filter((organisation) => organisation.status === 'approved').length);
  });

  it('records the approvals in the audit log and leaves a join request for an owner to answer', async () => {
    const dataSource = t.app.get(DataSource);
    const [secretariat] = await dataSource.query(
      `SELECT id, email, display_name AS "displayName", handle, platform_role AS "platformRole" FROM app_user WHERE email = 'secretariat@meridian.example'`,
    );
    const { auth } = await loginAs(t, { ...secretariat, password: DEMO_PASSWORD });
    const log = await request(t.server).get('/api/v1/audit-log').query({ action: 'organisation.approve', limit: 100 }).set(auth).expect(200);
    expect(log.body.items).toHaveLength(DEMO_ORGANISATIONS.filter((organisation) => organisation.status === 'approved').length);
    const [joinRequest] = await dataSource.query(
      `SELECT m.state FROM organisation_membership m JOIN app_user u ON u.id = m.user_id JOIN organisation o ON o.id = m.organisation_id WHERE u.handle = 'dewi' AND o.acronym = 'SMC'`,
    );
    expect(joinRequest).toEqual({ state: 'requested' });
  });

  it('does not seed twice', async () => {
    await expect(t.app.get(DemoSeeder).seedIfEmpty()).resolves.toBeNull();
  });
});
