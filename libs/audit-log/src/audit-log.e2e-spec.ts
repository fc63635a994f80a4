import request from 'supertest';
import {
  createApprovedOrganisation,
  createNetworkMember,
  createOrganisation,
  createSecretariat,
  createUser,
  LoggedIn,
  loginAs,
  useTestApp,
} from '@meridian/testing';
import { DataSource } from 'typeorm';

describe('Audit log', () => {
  const t = useTestApp();
  let secretariat: LoggedIn;
  const api = '/api/v1/audit-log';

  beforeAll(async () => {
    secretariat = await createSecretariat(t, { displayName: 'Aroon Secretariat' });
  });

  const decide = (organisationId: string, action: string, caller = secretariat) =>
    request(t.server).post(`/api/v1/organisations/${organisationId}/${action}`).set(caller.auth).set('x-request-id', `req-${action}-${organisationId.slice(0, 8)}`).send({ reason: `${action} reason` }).expect(200);

  it("lists secretariat decisions newest first with actor, before/after, ip and the server's request id", async () => {
    const organisation = await createOrganisation(t, null, { status: 'applied' });
    await decide(organisation.id, 'approve');
    const suspended = await decide(organisation.id, 'suspend');
    // The caller's x-request-id is only logged beside ours: a client cannot choose what the audit log records.
    expect(suspended.headers['x-request-id']).not.toBe(`req-suspend-${organisation.id.slice(0, 8)}`);

    const response = await request(t.server).get(api).query({ targetType: 'organisation', targetId: organisation.id }).set(secretariat.auth).expect(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actorId: secretariat.user.id,
        actorName: 'Aroon Secretariat',
        action: 'organisation.suspend',
        targetType: 'organisation',
        targetId: organisation.id,
        before: { status: 'approved' },
        after: { status: 'suspended', reason: 'suspend reason' },
        ip: expect.any(String),
        requestId: suspended.headers['x-request-id'],
      },
      expect.objectContaining({ action: 'organisation.approve', before: { status: 'applied' }, after: { status: 'approved', reason: 'approve reason' } }),
    ]);
  });

  it('filters by actor, action and time, and pages with a cursor without skipping or repeating', async () => {
    const other = await createSecretariat(t);
    const organisations = await Promise.all([1, 2, 3].map(() => createOrganisation(t, null, { status: 'applied' })));
    const startedAt = new Date(Date.now() - 1000).toISOString();
    for (const organisation of organisations) await decide(organisation.id, 'approve', other);
    await decide(organisations[0].id, 'suspend', other);

    const byActor = await request(t.server).get(api).query({ actorId: other.user.id }).set(secretariat.auth).expect(200);
    expect(byActor.body.items).toHaveLength(4);
    const byAction = await request(t.server).get(api).query({ actorId: other.user.id, action: 'organisation.approve' }).set(secretariat.auth).expect(200);
    expect(byAction.body.items.map((item: { targetId: string }) => item.targetId)).toEqual(organisations.map((organisation) => organisation.id).reverse());

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(t.server).get(api).query({ actorId: other.user.id, limit: 3, ...(cursor ? { cursor } : {}) }).set(secretariat.auth).expect(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(byActor.body.items.map((item: { id: string }) => item.id));

    const inWindow = await request(t.server).get(api).query({ actorId: other.user.id, from: startedAt, to: new Date(Date.now() + 60_000).toISOString() }).set(secretariat.auth).expect(200);
    expect(inWindow.body.items).toHaveLength(4);
    const beforeWindow = await request(t.server).get(api).query({ actorId: other.user.id, to: startedAt }).set(secretariat.auth).expect(200);
    expect(beforeWindow.body.items).toEqual([]);
  });

  it('is for the secretariat and admins: 403 for members, 401 anonymous', async () => {
    const admin = await createUser(t, { platformRole: 'admin' });
    await request(t.server).get(api).set((await loginAs(t, admin)).auth).expect(200);
    const member = await createNetworkMember(t);
    const forbidden = await request(t.server).get(api).set(member.auth).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const anonymous = await request(t.server).get(api).expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const actor = await request(t.server).get(api).query({ actorId: 'someone' }).set(secretariat.auth).expect(400);
    expect(actor.body.error.details).toEqual([expect.objectContaining({ field: 'actorId' })]);
    const from = await request(t.server).get(api).query({ from: 'yesterday' }).set(secretariat.auth).expect(400);
    expect(from.body.error.details).toEqual([expect.objectContaining({ field: 'from' })]);
    const cursor = await request(t.server).get(api).query({ cursor: 'garbage' }).set(secretariat.auth).expect(400);
    expect(cursor.body.error.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const organisation = await createApprovedOrganisation(t, null);
    await decide(organisation.id, 'suspend');
    const dataSource = t.app.get(DataSource);
    await expect(dataSource.query(`UPDATE audit_log SET action = 'tampered' WHERE target_id = $1`, [organisation.id])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log WHERE target_id = $1`, [organisation.id])).rejects.toThrow(/append-only/);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM audit_log WHERE target_id = $1 AND action = 'organisation.suspend'`, [organisation.id]);
    expect(count).toBe(1);
  });
});
