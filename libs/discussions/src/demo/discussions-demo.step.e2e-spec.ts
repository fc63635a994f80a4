import { createTestApp, ensureWorkerDatabase, TestApp, testRun } from '@meridian/testing';
import { DataSource } from 'typeorm';

describe('Demo data for working groups and discussions', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    // A database of its own: the demo only loads into an empty one. The api seeds it at boot (SEED_DEMO).
    const url = await ensureWorkerDatabase(`${testRun().database}_demo`);
    t = await createTestApp({ env: { DATABASE_URL: url, SEED_DEMO: 'true' } });
    dataSource = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads the groups of DESIGN.md §13 with chairs, members and multilingual threads', async () => {
    const logins = t.demoLogins;
    expect(logins?.length).toBeGreaterThan(0);
    const groups = await dataSource.query(`SELECT name, visibility FROM working_group ORDER BY name`);
    expect(groups.map((group: { name: string }) => group.name)).toEqual(
      expect.arrayContaining([
        'Regional Thematic Working Group on International Migration including Human Trafficking',
        'Colombo Process — Skills and Qualification Recognition',
        'Migration Data and Evidence (GCM Objective 1)',
      ]),
    );
    expect(groups.map((group: { visibility: string }) => group.visibility)).toContain('private');
    const [{ chairless }] = await dataSource.query(
      `SELECT count(*)::int AS chairless FROM working_group g
       WHERE NOT EXISTS (SELECT 1 FROM working_group_membership m WHERE m.working_group_id = g.id AND m.role = 'chair' AND m.state = 'active')`,
    );
    expect(chairless).toBe(0);
    const titles = (await dataSource.query(`SELECT title FROM thread`)).map((row: { title: string }) => row.title);
    expect(titles).toEqual(expect.arrayContaining(['การค้ามนุษย์ในภาคประมง: ข้อมูลล่าสุด', 'वैदेशिक रोजगारमा सीप प्रमाणीकरण', '东南亚汇款数据的质量问题']));
    const [consistent] = await dataSource.query(
      `SELECT bool_and(t.last_post_seq = (SELECT max(seq) FROM post p WHERE p.thread_id = t.id)) AS seqs,
              (SELECT count(*)::int FROM post_mention) AS mentions, (SELECT count(*)::int FROM post_reaction) AS reactions
       FROM thread t`,
    );
    expect(consistent.seqs).toBe(true);
    expect(consistent.mentions).toBeGreaterThan(5);
    expect(consistent.reactions).toBeGreaterThan(10);
  });
});
