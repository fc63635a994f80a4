import request from 'supertest';
import { DataSource } from 'typeorm';
import { createSignedInUser, createUser, loginAs, loginThroughApi, TEST_PASSWORD, useTestApp } from '@meridian/testing';

const api = '/api/v1';

describe('Admin user management: /admin/users', () => {
  const t = useTestApp();
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  it('lets an admin search users by email, name or handle and page through them newest first', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const tag = Math.random().toString(36).slice(2, 8);
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createUser(t, { displayName: `Searchable ${tag} ${i}`, email: `person${i}-${tag}@example.org` }));
    const byHandle = await createUser(t, { handle: `h_${tag}` });

    const first = await request(t.server).get(`${api}/admin/users`).query({ q: tag, limit: 4 }).set(admin.auth).expect(200);
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(t.server).get(`${api}/admin/users`).query({ q: tag, limit: 4, cursor: first.body.nextCursor }).set(admin.auth).expect(200);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(ids).toEqual([byHandle, ...created.reverse()].map((u) => u.id));
    expect(first.body.items[0]).not.toHaveProperty('passwordHash');

    const byEmail = await request(t.server).get(`${api}/admin/users`).query({ q: `PERSON2-${tag}` }).set(admin.auth).expect(200);
    expect(byEmail.body.items.map((u: { email: string }) => u.email)).toEqual([`person2-${tag}@example.org`]);
  });

  it('filters by platform role and status', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const secretariat = await createUser(t, { platformRole: 'secretariat' });
    const disabled = await createUser(t, { status: 'disabled' });
    const roles = await request(t.server).get(`${api}/admin/users`).query({ platformRole: 'secretariat', limit: 100 }).set(admin.auth).expect(200);
    expect(roles.body.items.every((u: { platformRole: string }) => u.platformRole === 'secretariat')).toBe(true);
    expect(roles.body.items.map((u: { id: string }) => u.id)).toContain(secretariat.id);
    const statuses = await request(t.server).get(`${api}/admin/users`).query({ status: 'disabled', limit: 100 }).set(admin.auth).expect(200);
    expect(statuses.body.items.map((u: { id: string }) => u.id)).toContain(disabled.id);
    expect(statuses.body.items.every((u: { status: string }) => u.status === 'disabled')).toBe(true);
  });

  it('refuses bad filters and a tampered cursor with 400', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const role = await request(t.server).get(`${api}/admin/users`).query({ platformRole: 'king' }).set(admin.auth).expect(400);
    expect(role.body.error.details[0].field).toBe('platformRole');
    const cursor = await request(t.server).get(`${api}/admin/users`).query({ cursor: 'garbage' }).set(admin.auth).expect(400);
    expect(cursor.body.error.details[0].field).toBe('cursor');
  });

  it('shows one user, and 404 for an unknown or malformed id', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const user = await createUser(t);
    const response = await request(t.server).get(`${api}/admin/users/${user.id}`).set(admin.auth).expect(200);
    expect(response.body).toMatchObject({ id: user.id, email: user.email, platformRole: 'member', status: 'active' });
    await request(t.server).get(`${api}/admin/users/00000000-0000-4000-8000-000000000000`).set(admin.auth).expect(404);
    await request(t.server).get(`${api}/admin/users/nope`).set(admin.auth).expect(404);
  });

  it('changes a role with an audit entry holding before and after', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const user = await createUser(t);
    const response = await request(t.server).patch(`${api}/admin/users/${user.id}`).set(admin.auth).send({ platformRole: 'secretariat' }).expect(200);
    expect(response.body).toMatchObject({ id: user.id, platformRole: 'secretariat', status: 'active' });
    const audit = await db.query(`SELECT actor_id, action, target_type, before, after, request_id FROM audit_log WHERE target_id = $1`, [user.id]);
    expect(audit).toEqual([
      { actor_id: admin.user.id, action: 'user.role_change', target_type: 'user', before: { platformRole: 'member' }, after: { platformRole: 'secretariat' }, request_id: expect.any(String) },
    ]);
  });

  it('disables a user: audit-logged, every session revoked, logins refused', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const user = await createUser(t);
    const session = await loginThroughApi(t, user.email);
    await request(t.server).patch(`${api}/admin/users/${user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);
    await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: session.refreshToken }).expect(401);
    const login = await request(t.server).post(`${api}/auth/login`).send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    expect(login.body.error.code).toBe('INVALID_CREDENTIALS');
    const [audit] = await db.query(`SELECT action, before, after FROM audit_log WHERE target_id = $1`, [user.id]);
    expect(audit).toEqual({ action: 'user.status_change', before: { status: 'active' }, after: { status: 'disabled' } });

    await request(t.server).patch(`${api}/admin/users/${user.id}`).set(admin.auth).send({ status: 'active' }).expect(200);
    await loginThroughApi(t, user.email);
  });

  it('does not let the last active admin be demoted or disabled (409), but allows it once another admin exists', async () => {
    // Only this test's admins may be active admins: park the others from earlier tests.
    await db.query(`UPDATE app_user SET status = 'disabled' WHERE platform_role = 'admin'`);
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const demote = await request(t.server).patch(`${api}/admin/users/${admin.user.id}`).set(admin.auth).send({ platformRole: 'member' }).expect(409);
    expect(demote.body.error.code).toBe('CONFLICT');
    await request(t.server).patch(`${api}/admin/users/${admin.user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(409);

    const second = await createUser(t);
    await request(t.server).patch(`${api}/admin/users/${second.id}`).set(admin.auth).send({ platformRole: 'admin' }).expect(200);
    await request(t.server).patch(`${api}/admin/users/${admin.user.id}`).set(admin.auth).send({ platformRole: 'secretariat' }).expect(200);
    // The demoted admin's token no longer carries their role: it answers TOKEN_EXPIRED at once (a refresh gets the new role).
    const stale = await request(t.server).patch(`${api}/admin/users/${second.id}`).set(admin.auth).send({ platformRole: 'member' }).expect(401);
    expect(stale.body.error.code).toBe('TOKEN_EXPIRED');
    const secondAdmin = await loginAs(t, { ...second, platformRole: 'admin' });
    await request(t.server).patch(`${api}/admin/users/${second.id}`).set(secondAdmin.auth).send({ platformRole: 'member' }).expect(409);
  });

  it('refuses unknown fields and values in the patch with 400', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const user = await createUser(t);
    const response = await request(t.server).patch(`${api}/admin/users/${user.id}`).set(admin.auth).send({ platformRole: 'emperor', email: 'x@example.org' }).expect(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'platformRole']);
  });

  it('answers 403 to members and secretariat, 401 to anonymous callers', async () => {
    const member = await createSignedInUser(t);
    const secretariat = await createSignedInUser(t, { platformRole: 'secretariat' });
    for (const caller of [member, secretariat]) {
      const list = await request(t.server).get(`${api}/admin/users`).set(caller.auth).expect(403);
      expect(list.body.error.code).toBe('FORBIDDEN');
      await request(t.server).patch(`${api}/admin/users/${caller.user.id}`).set(caller.auth).send({ platformRole: 'admin' }).expect(403);
    }
    const anonymous = await request(t.server).get(`${api}/admin/users`).expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    await request(t.server).patch(`${api}/admin/users/${member.user.id}`).send({ status: 'disabled' }).expect(401);
  });
});
