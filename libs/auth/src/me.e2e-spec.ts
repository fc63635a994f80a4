import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  createOrganisation,
  createSignedInUser,
  createUser,
  loginThroughApi,
  TEST_PASSWORD,
  useTestApp,
} from '@meridian/testing';

const api = '/api/v1';

describe('The signed-in user: /me, password change and sessions', () => {
  const t = useTestApp();

  describe('GET /me', () => {
    it('shows the caller with role, organisations (active and requested) and an unread count', async () => {
      const { user, auth } = await createSignedInUser(t, { platformRole: 'secretariat', timezone: 'Asia/Bangkok' });
      const owned = await createOrganisation(t, user, { name: `Owned ${user.handle}`, status: 'applied' });
      const other = await createOrganisation(t, null, { name: `Asked ${user.handle}` });
      await t.app.get(DataSource).query(`INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, 'member', 'requested')`, [other.id, user.id]);

      const response = await request(t.server).get(`${api}/me`).set(auth).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        handle: user.handle,
        timezone: 'Asia/Bangkok',
        locale: 'en',
        platformRole: 'secretariat',
        status: 'active',
        emailVerified: true,
        createdAt: expect.any(String),
        organisations: [
          { id: other.id, name: other.name, role: 'member', status: 'approved', membershipState: 'requested' },
          { id: owned.id, name: owned.name, role: 'owner', status: 'applied', membershipState: 'active' },
        ],
        unreadNotificationCount: 0,
      });
    });

    it('answers 401 to an anonymous caller', async () => {
      const response = await request(t.server).get(`${api}/me`).expect(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });
  });

  describe('PATCH /me', () => {
    it('changes display name, handle, time zone and locale', async () => {
      const { auth, user } = await createSignedInUser(t);
      const handle = `new_${user.handle}`.slice(0, 30);
      const response = await request(t.server)
        .patch(`${api}/me`)
        .set(auth)
        .send({ displayName: 'Siti Rahma', handle, timezone: 'Asia/Jakarta', locale: 'id' })
        .expect(200);
      expect(response.body).toMatchObject({ displayName: 'Siti Rahma', handle, timezone: 'Asia/Jakarta', locale: 'id', organisations: [] });
      const unchanged = await request(t.server).patch(`${api}/me`).set(auth).send({}).expect(200);
      expect(unchanged.body.handle).toBe(handle);
    });

    it('refuses a handle someone else has (in any case) with 409', async () => {
      const other = await createUser(t);
      const { auth } = await createSignedInUser(t);
      const response = await request(t.server).patch(`${api}/me`).set(auth).send({ handle: other.handle.toUpperCase() }).expect(409);
      expect(response.body.error.code).toBe('CONFLICT');
    });

    it('refuses platformRole, status and email in the body with 400 (no mass assignment)', async () => {
      const { auth, user } = await createSignedInUser(t);
      const response = await request(t.server).patch(`${api}/me`).set(auth).send({ platformRole: 'admin', status: 'active', email: 'x@example.org' }).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'platformRole', 'status']);
      const me = await request(t.server).get(`${api}/me`).set(auth).expect(200);
      expect(me.body).toMatchObject({ platformRole: 'member', email: user.email });
    });

    it('refuses a malformed or reserved handle and an unknown time zone with 400 naming the field', async () => {
      const { auth } = await createSignedInUser(t);
      for (const [body, field] of [
        [{ handle: 'no spaces allowed' }, 'handle'],
        [{ handle: 'ab' }, 'handle'],
        [{ handle: 'Admin' }, 'handle'],
        [{ timezone: 'Asia/Atlantis' }, 'timezone'],
      ] as const) {
        const response = await request(t.server).patch(`${api}/me`).set(auth).send(body).expect(400);
        expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('refuses null for any field with 400 naming it, and changes nothing', async () => {
      const { auth, user } = await createSignedInUser(t);
      for (const field of ['displayName', 'handle', 'timezone', 'locale']) {
        const response = await request(t.server).patch(`${api}/me`).set(auth).send({ [field]: null }).expect(400);
        expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field, message: `${field} must not be null` }] });
      }
      const me = await request(t.server).get(`${api}/me`).set(auth).expect(200);
      expect(me.body).toMatchObject({ handle: user.handle, displayName: user.displayName, timezone: 'UTC', locale: 'en' });
    });

    it('answers 401 to an anonymous caller', async () => {
      await request(t.server).patch(`${api}/me`).send({ displayName: 'Nobody' }).expect(401);
    });
  });

  describe('POST /me/password', () => {
    it('changes the password and revokes every other session but keeps the current one', async () => {
      const user = await createUser(t);
      const current = await loginThroughApi(t, user.email, TEST_PASSWORD, 'laptop');
      const other = await loginThroughApi(t, user.email, TEST_PASSWORD, 'phone');

      const response = await request(t.server).post(`${api}/me/password`).set(current.auth).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-fresh-password-2026' }).expect(200);
      expect(response.body).toMatchObject({ id: user.id });

      await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: other.refreshToken }).expect(401);
      await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: current.refreshToken }).expect(200);
      await request(t.server).post(`${api}/auth/login`).send({ email: user.email, password: TEST_PASSWORD }).expect(401);
      await loginThroughApi(t, user.email, 'a-fresh-password-2026');
    });

    it('refuses a wrong current password (400 on currentPassword) and a common new one', async () => {
      const { auth } = await createSignedInUser(t);
      const wrong = await request(t.server).post(`${api}/me/password`).set(auth).send({ currentPassword: 'not-my-password', newPassword: 'a-fresh-password-2026' }).expect(400);
      expect(wrong.body.error.details).toEqual([{ field: 'currentPassword', message: 'currentPassword is not correct' }]);
      const common = await request(t.server).post(`${api}/me/password`).set(auth).send({ currentPassword: TEST_PASSWORD, newPassword: 'qwertyuiop' }).expect(400);
      expect(common.body.error.details).toEqual([{ field: 'newPassword', message: 'newPassword is too common; choose another' }]);
    });

    it('answers 401 to an anonymous caller', async () => {
      await request(t.server).post(`${api}/me/password`).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-fresh-password-2026' }).expect(401);
    });
  });

  describe('sessions', () => {
    it('lists the caller\'s active sessions with device, ip and which one is current', async () => {
      const user = await createUser(t);
      const laptop = await loginThroughApi(t, user.email, TEST_PASSWORD, 'Firefox on Linux');
      const phone = await loginThroughApi(t, user.email, TEST_PASSWORD, 'Safari on iPhone');
      const ended = await loginThroughApi(t, user.email, TEST_PASSWORD, 'Old tablet');
      await request(t.server).post(`${api}/auth/logout`).send({ refreshToken: ended.refreshToken }).expect(204);

      const response = await request(t.server).get(`${api}/me/sessions`).set(laptop.auth).expect(200);
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.items).toHaveLength(2);
      const byDevice = Object.fromEntries(response.body.items.map((s: { device: string }) => [s.device, s]));
      expect(byDevice['Firefox on Linux']).toEqual({ id: expect.any(String), device: 'Firefox on Linux', ip: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String), current: true });
      expect(byDevice['Safari on iPhone'].current).toBe(false);
      expect(phone.user.id).toBe(user.id);
    });

    it('revokes one of the caller\'s sessions: its refresh token stops working and it leaves the list', async () => {
      const user = await createUser(t);
      const laptop = await loginThroughApi(t, user.email, TEST_PASSWORD, 'laptop');
      const phone = await loginThroughApi(t, user.email, TEST_PASSWORD, 'phone');
      const sessions = await request(t.server).get(`${api}/me/sessions`).set(laptop.auth).expect(200);
      const phoneSession = sessions.body.items.find((s: { device: string }) => s.device === 'phone');

      await request(t.server).delete(`${api}/me/sessions/${phoneSession.id}`).set(laptop.auth).expect(204);
      const refresh = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: phone.refreshToken }).expect(401);
      expect(refresh.body.error.code).toBe('UNAUTHORIZED');
      const after = await request(t.server).get(`${api}/me/sessions`).set(laptop.auth).expect(200);
      expect(after.body.items.map((s: { device: string }) => s.device)).toEqual(['laptop']);
      await request(t.server).delete(`${api}/me/sessions/${phoneSession.id}`).set(laptop.auth).expect(404);
    });

    it('answers 404 for another user\'s session id or a malformed id, and 401 anonymously', async () => {
      const owner = await createSignedInUser(t);
      const stranger = await createSignedInUser(t);
      const response = await request(t.server).delete(`${api}/me/sessions/${owner.sessionId}`).set(stranger.auth).expect(404);
      expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Session not found' });
      await request(t.server).delete(`${api}/me/sessions/not-a-uuid`).set(stranger.auth).expect(404);
      await request(t.server).get(`${api}/me/sessions`).set(owner.auth).expect(200);
      await request(t.server).get(`${api}/me/sessions`).expect(401);
      await request(t.server).delete(`${api}/me/sessions/${owner.sessionId}`).expect(401);
    });
  });
});
