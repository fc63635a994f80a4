import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  createSignedInUser,
  createUser,
  loginAs,
  loginThroughApi,
  TEST_PASSWORD,
  tokenFromMail,
  useTestApp,
  waitUntil,
} from '@meridian/testing';
import { hashOpaqueToken } from './opaque-token';

const api = '/api/v1';
const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.org`;

describe('Identity: registration, verification, login, refresh tokens, logout and password reset', () => {
  const t = useTestApp();
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  describe('registration', () => {
    it('registers a member with a derived handle, mails a verification link, and does not make the first user admin', async () => {
      const email = uniqueEmail('maria');
      const response = await request(t.server)
        .post(`${api}/auth/register`)
        .send({ email, password: 'a-long-enough-password', displayName: 'María Santos', timezone: 'Asia/Manila', locale: 'en-PH' })
        .expect(201);
      expect(response.body).toEqual({
        user: {
          id: expect.any(String),
          email,
          displayName: 'María Santos',
          handle: expect.stringMatching(/^maria_santos(_\d+)?$/),
          timezone: 'Asia/Manila',
          locale: 'en-PH',
          platformRole: 'member',
          status: 'active',
          emailVerified: false,
          createdAt: expect.any(String),
        },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password/i);
      const token = await tokenFromMail(t, email, 'verify-email');
      const mail = t.mail.messages.find((m) => m.text.includes(token))!;
      expect(mail.text).toContain(`http://meridian.test/verify-email?token=${token}`);
      const [stored] = await db.query(`SELECT token_hash, expires_at - created_at AS ttl FROM email_token WHERE user_id = $1`, [response.body.user.id]);
      expect(stored.token_hash).toBe(hashOpaqueToken(token));
      expect(stored.token_hash).not.toBe(token);
    });

    it('gives the second person with the same display name a numbered handle', async () => {
      const first = await request(t.server).post(`${api}/auth/register`).send({ email: uniqueEmail('a'), password: 'a-long-enough-password', displayName: 'Budi Hartono' }).expect(201);
      const second = await request(t.server).post(`${api}/auth/register`).send({ email: uniqueEmail('b'), password: 'a-long-enough-password', displayName: 'Budi Hartono' }).expect(201);
      expect(first.body.user.handle).toMatch(/^budi_hartono/);
      expect(second.body.user.handle).toMatch(/^budi_hartono_\d+$/);
      expect(second.body.user.handle).not.toBe(first.body.user.handle);
      expect(second.body.user.timezone).toBe('UTC');
    });

    it('refuses an email that exists in another letter case with 409 EMAIL_TAKEN', async () => {
      const email = uniqueEmail('dup');
      await request(t.server).post(`${api}/auth/register`).send({ email, password: 'a-long-enough-password', displayName: 'Dup One' }).expect(201);
      const response = await request(t.server).post(`${api}/auth/register`).send({ email: email.toUpperCase(), password: 'a-long-enough-password', displayName: 'Dup Two' }).expect(409);
      expect(response.body.error.code).toBe('EMAIL_TAKEN');
    });

    it('answers an invalid email, a short password and an unknown field with 400 VALIDATION_FAILED naming each field', async () => {
      const response = await request(t.server)
        .post(`${api}/auth/register`)
        .send({ email: 'not-an-email', password: 'short', displayName: 'X', platformRole: 'admin' })
        .expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'platformRole']));
    });

    it('refuses a common password, an unknown time zone and a missing display name', async () => {
      const response = await request(t.server)
        .post(`${api}/auth/register`)
        .send({ email: uniqueEmail('common'), password: 'Password123', timezone: 'Mars/Olympus_Mons' })
        .expect(400);
      const details = response.body.error.details as { field: string; message: string }[];
      expect(details.find((d) => d.field === 'password')?.message).toMatch(/too common/);
      expect(details.map((d) => d.field)).toEqual(expect.arrayContaining(['timezone', 'displayName']));
    });
  });

  describe('email verification', () => {
    it('verifies the address through the mailed link, once', async () => {
      const email = uniqueEmail('verify');
      const registered = await request(t.server).post(`${api}/auth/register`).send({ email, password: 'a-long-enough-password', displayName: 'Verify Me' }).expect(201);
      const token = await tokenFromMail(t, email, 'verify-email');
      const verified = await request(t.server).post(`${api}/auth/verify-email`).send({ token }).expect(200);
      expect(verified.body).toMatchObject({ id: registered.body.user.id, emailVerified: true });
      const again = await request(t.server).post(`${api}/auth/verify-email`).send({ token }).expect(400);
      expect(again.body.error.details).toEqual([{ field: 'token', message: expect.stringMatching(/not valid|already used/) }]);
    });

    it('refuses an expired or unknown verification token with 400 on token', async () => {
      const email = uniqueEmail('late');
      await request(t.server).post(`${api}/auth/register`).send({ email, password: 'a-long-enough-password', displayName: 'Late Verifier' }).expect(201);
      const token = await tokenFromMail(t, email, 'verify-email');
      await db.query(`UPDATE email_token SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [hashOpaqueToken(token)]);
      const expired = await request(t.server).post(`${api}/auth/verify-email`).send({ token }).expect(400);
      expect(expired.body.error.details[0]).toEqual({ field: 'token', message: expect.stringMatching(/expired/) });
      await request(t.server).post(`${api}/auth/verify-email`).send({ token: 'made-up' }).expect(400);
    });

    it('resends a link to an unverified account and answers 202 for unknown addresses too', async () => {
      const email = uniqueEmail('resend');
      await request(t.server).post(`${api}/auth/register`).send({ email, password: 'a-long-enough-password', displayName: 'Resend Me' }).expect(201);
      const first = await tokenFromMail(t, email, 'verify-email');
      const before = t.mail.messages.length;
      await request(t.server).post(`${api}/auth/verify-email/resend`).send({ email: email.toUpperCase() }).expect(202);
      const second = await tokenFromMail(t, email, 'verify-email', { after: before });
      expect(second).not.toBe(first);
      await request(t.server).post(`${api}/auth/verify-email`).send({ token: second }).expect(200);

      const unknown = await request(t.server).post(`${api}/auth/verify-email/resend`).send({ email: uniqueEmail('nobody') }).expect(202);
      expect(unknown.body).toEqual({});
    });
  });

  describe('login', () => {
    it('signs in with email in any case and answers tokens and the user', async () => {
      const user = await createUser(t);
      const response = await request(t.server).post(`${api}/auth/login`).send({ email: user.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({ id: user.id, email: user.email, platformRole: 'member' }),
      });
      await request(t.server).get(`${api}/me`).set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
      const [stored] = await db.query(`SELECT token_hash FROM refresh_token rt JOIN auth_session s ON s.id = rt.session_id WHERE s.user_id = $1`, [user.id]);
      expect(stored.token_hash).toBe(hashOpaqueToken(response.body.refreshToken));
    });

    it('answers the same 401 INVALID_CREDENTIALS for a wrong password, an unknown email and a disabled account', async () => {
      const user = await createUser(t);
      const disabled = await createUser(t, { status: 'disabled' });
      const wrong = await request(t.server).post(`${api}/auth/login`).send({ email: user.email, password: 'not-the-password' }).expect(401);
      const unknown = await request(t.server).post(`${api}/auth/login`).send({ email: uniqueEmail('ghost'), password: 'not-the-password' }).expect(401);
      const off = await request(t.server).post(`${api}/auth/login`).send({ email: disabled.email, password: TEST_PASSWORD }).expect(401);
      for (const response of [wrong, unknown, off]) {
        expect(response.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'The email or password is not correct' });
      }
    });

    it('rehashes a password stored with outdated argon2 parameters at login', async () => {
      const user = await createUser(t);
      const argon2 = await import('argon2');
      const weak = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
      await db.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [user.id, weak]);
      await loginThroughApi(t, user.email);
      const [row] = await db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      await loginThroughApi(t, user.email);
    });
  });

  describe('access tokens', () => {
    it('answers an expired token with 401 TOKEN_EXPIRED', async () => {
      const { auth } = await loginAs(t, await createUser(t), { ttlSeconds: -10 });
      const response = await request(t.server).get(`${api}/me`).set(auth).expect(401);
      expect(response.body.error.code).toBe('TOKEN_EXPIRED');
    });

    it('answers a token signed with another secret, a garbage token and no token with 401 UNAUTHORIZED', async () => {
      const user = await createUser(t);
      const forger = new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789' });
      const forged = forger.sign({ role: 'admin', sid: '00000000-0000-0000-0000-000000000000' }, { subject: user.id, issuer: 'meridian', audience: 'meridian-api', expiresIn: 600 });
      for (const headers of [{ Authorization: `Bearer ${forged}` }, { Authorization: 'Bearer not.a.jwt' }, {}]) {
        const response = await request(t.server).get(`${api}/me`).set(headers).expect(401);
        expect(response.body.error.code).toBe('UNAUTHORIZED');
      }
    });
  });

  describe('refresh tokens', () => {
    it('rotates: the new pair works and the old refresh token is spent', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      const refreshed = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      expect(refreshed.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      expect(refreshed.body.refreshToken).not.toBe(login.refreshToken);
      await request(t.server).get(`${api}/me`).set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);
      const next = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: refreshed.body.refreshToken }).expect(200);
      expect(next.body.refreshToken).not.toBe(refreshed.body.refreshToken);
    });

    /** Moves the rotation of `refreshToken` back by `seconds`, as if that much time had passed since. */
    const ageRotation = (refreshToken: string, seconds: number) =>
      db.query(`UPDATE refresh_token SET replaced_at = replaced_at - make_interval(secs => $2) WHERE token_hash = $1`, [hashOpaqueToken(refreshToken), seconds]);

    it('treats reuse of a rotated token after the grace as theft: 401 REFRESH_TOKEN_REUSED and the whole family revoked', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      const rotated = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      await ageRotation(login.refreshToken, 11); // REFRESH_REUSE_GRACE_SECONDS is 10 by default

      const reuse = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(401);
      expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
      expect(JSON.stringify(reuse.body)).not.toContain(login.refreshToken);

      const successor = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: rotated.body.refreshToken }).expect(401);
      expect(successor.body.error.code).toBe('UNAUTHORIZED');
      const [session] = await db.query(`SELECT revoked_at, revoked_reason FROM auth_session WHERE user_id = $1`, [user.id]);
      expect(session).toMatchObject({ revoked_at: expect.any(Date), revoked_reason: 'refresh_token_reused' });
    });

    it('keeps the session of two tabs refreshing with the same token at once: both get a working pair of the same family', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      // Truly concurrent: both requests are held at the token's row lock until both are waiting there, then let go.
      const blocker = db.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      let pending: Promise<request.Response[]>;
      try {
        await blocker.query(`SELECT 1 FROM refresh_token WHERE token_hash = $1 FOR UPDATE`, [hashOpaqueToken(login.refreshToken)]);
        pending = Promise.all([0, 1].map(() => request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).then((response) => response)));
        await waitUntil(async () => {
          const [{ waiting }] = await db.query(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE refresh_token rt SET replaced_at%'`,
          );
          return waiting === 2;
        }, { what: 'both refreshes waiting on the token' });
      } finally {
        await blocker.rollbackTransaction();
        await blocker.release();
      }
      const answers = await pending;
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const [first, second] = answers.map((answer) => answer.body as { accessToken: string; refreshToken: string });
      expect(first.refreshToken).not.toBe(second.refreshToken);

      // One rotation (the other answer came from the grace), every token in the one session, which stays live.
      const tokens = await db.query(
        `SELECT rt.token_hash, rt.replaced_at, s.id AS session_id, s.revoked_at FROM refresh_token rt JOIN auth_session s ON s.id = rt.session_id WHERE s.user_id = $1`,
        [user.id],
      );
      expect(tokens).toHaveLength(3);
      expect(new Set(tokens.map((row: { session_id: string }) => row.session_id)).size).toBe(1);
      expect(tokens.filter((row: { replaced_at: Date | null }) => row.replaced_at !== null).map((row: { token_hash: string }) => row.token_hash)).toEqual([hashOpaqueToken(login.refreshToken)]);
      expect(tokens[0].revoked_at).toBeNull();
      for (const pair of [first, second]) {
        await request(t.server).get(`${api}/me`).set('Authorization', `Bearer ${pair.accessToken}`).expect(200);
        await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: pair.refreshToken }).expect(200);
      }
    });

    it('answers a rotated token within the grace with a fresh pair, and revokes the family once the grace is over', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      const rotated = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      await ageRotation(login.refreshToken, 9);
      const late = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      expect(late.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      await request(t.server).get(`${api}/me`).set('Authorization', `Bearer ${late.body.accessToken}`).expect(200);

      await ageRotation(login.refreshToken, 2);
      const theft = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(401);
      expect(theft.body.error.code).toBe('REFRESH_TOKEN_REUSED');
      for (const pair of [rotated.body, late.body]) {
        await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: pair.refreshToken }).expect(401);
        await request(t.server).get(`${api}/me`).set('Authorization', `Bearer ${pair.accessToken}`).expect(401);
      }
    });

    it('gives no grace to a rotated token of a signed-out session', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      const rotated = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      await request(t.server).post(`${api}/auth/logout`).send({ refreshToken: rotated.body.refreshToken }).expect(204);
      const reuse = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(401);
      expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('answers an unknown, expired or revoked refresh token with 401 UNAUTHORIZED', async () => {
      const unknown = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: 'never-issued' }).expect(401);
      expect(unknown.body.error.code).toBe('UNAUTHORIZED');

      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      await db.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      const expired = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(401);
      expect(expired.body.error.code).toBe('UNAUTHORIZED');
    });

    it('updates the session\'s last use on refresh', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      await db.query(`UPDATE auth_session SET last_used_at = now() - interval '2 days' WHERE user_id = $1`, [user.id]);
      await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(200);
      const [session] = await db.query(`SELECT now() - last_used_at < interval '1 minute' AS fresh FROM auth_session WHERE user_id = $1`, [user.id]);
      expect(session.fresh).toBe(true);
    });
  });

  describe('logout', () => {
    it('revokes the session of the refresh token and answers 204 (also when repeated)', async () => {
      const user = await createUser(t);
      const login = await loginThroughApi(t, user.email);
      await request(t.server).post(`${api}/auth/logout`).send({ refreshToken: login.refreshToken }).expect(204);
      await request(t.server).post(`${api}/auth/logout`).send({ refreshToken: login.refreshToken }).expect(204);
      const refresh = await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: login.refreshToken }).expect(401);
      expect(refresh.body.error.code).toBe('UNAUTHORIZED');
      await request(t.server).post(`${api}/auth/logout`).send({}).expect(400);
    });
  });

  describe('password reset', () => {
    it('mails a one-hour link; confirming sets the password and revokes every session', async () => {
      const user = await createUser(t);
      const phone = await loginThroughApi(t, user.email, TEST_PASSWORD, 'phone');
      const laptop = await loginThroughApi(t, user.email, TEST_PASSWORD, 'laptop');

      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email: user.email }).expect(202);
      const token = await tokenFromMail(t, user.email, 'reset-password');
      expect(t.mail.messages.find((m) => m.text.includes(token))!.text).toContain(`http://meridian.test/reset-password?token=${token}`);
      const [stored] = await db.query(`SELECT expires_at - created_at <= interval '1 hour' AS short FROM email_token WHERE token_hash = $1`, [hashOpaqueToken(token)]);
      expect(stored.short).toBe(true);

      await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token, password: 'a-brand-new-password' }).expect(200);
      for (const session of [phone, laptop]) {
        await request(t.server).post(`${api}/auth/refresh`).send({ refreshToken: session.refreshToken }).expect(401);
      }
      await request(t.server).post(`${api}/auth/login`).send({ email: user.email, password: TEST_PASSWORD }).expect(401);
      await loginThroughApi(t, user.email, 'a-brand-new-password');
      await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token, password: 'another-new-password' }).expect(400);
    });

    it('answers 202 for an unknown email and sends nothing', async () => {
      const email = uniqueEmail('noone');
      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email }).expect(202);
      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email: 'not an email' }).expect(400);
      await expect(t.mail.waitFor((m) => m.to.includes(email), 500)).rejects.toThrow(/No matching mail/);
    });

    it('makes only the newest reset link work and refuses a short new password', async () => {
      const user = await createUser(t);
      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email: user.email }).expect(202);
      const first = await tokenFromMail(t, user.email, 'reset-password');
      const before = t.mail.messages.length;
      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email: user.email }).expect(202);
      const second = await tokenFromMail(t, user.email, 'reset-password', { after: before });
      const short = await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token: second, password: 'short' }).expect(400);
      expect(short.body.error.details.map((d: { field: string }) => d.field)).toEqual(['password']);
      await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token: first, password: 'a-brand-new-password' }).expect(400);
      await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token: second, password: 'a-brand-new-password' }).expect(200);
    });
  });

  it('keeps the secretariat role of an existing signed-in user out of registration', async () => {
    const { auth } = await createSignedInUser(t, { platformRole: 'secretariat' });
    const response = await request(t.server).post(`${api}/auth/register`).set(auth).send({ email: uniqueEmail('x'), password: 'a-long-enough-password', displayName: 'Someone New' }).expect(201);
    expect(response.body.user.platformRole).toBe('member');
  });
});
