import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createSignedInUser, createUser, loginAs, TestApp, useTestApp } from '@meridian/testing';

const api = '/api/v1';

/** A token signed with the deployment's own secret, as someone who learnt it would sign one. */
function forge(t: TestApp, claims: { sub: string; sid: string; role: string }): { Authorization: string } {
  const signer = new JwtService({ secret: t.env.JWT_SECRET! });
  const token = signer.sign({ role: claims.role, sid: claims.sid }, { subject: claims.sub, issuer: 'meridian', audience: 'meridian-api', expiresIn: 600, algorithm: 'HS256' });
  return { Authorization: `Bearer ${token}` };
}

/**
 * Tokens carry identity, not authority (DESIGN.md §14): a correctly signed access token only says who and which
 * session; whether that session still exists and what its user may do is read from PostgreSQL (cached, and dropped
 * from the cache by the revocation channel).
 */
describe('Access tokens carry identity, not authority', () => {
  const t = useTestApp();
  let db: DataSource;

  beforeAll(() => {
    db = t.app.get(DataSource);
  });

  it('refuses a validly signed token whose session does not exist, whatever role it claims', async () => {
    const forged = forge(t, { sub: randomUUID(), sid: randomUUID(), role: 'admin' });
    const response = await request(t.server).get(`${api}/admin/users`).set(forged).expect(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
    await request(t.server).get(`${api}/me`).set(forged).expect(401);
  });

  it("takes the role from the session's user: a member's own session with a claimed admin role gets no admin power", async () => {
    const member = await createSignedInUser(t);
    const forged = forge(t, { sub: member.user.id, sid: member.sessionId, role: 'admin' });
    const response = await request(t.server).get(`${api}/admin/users`).set(forged).expect(401);
    expect(response.body.error.code).toBe('TOKEN_EXPIRED');
    await request(t.server).get(`${api}/admin/users`).set(member.auth).expect(403);
  });

  it("refuses a token naming another user than its session's", async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const member = await createUser(t);
    const forged = forge(t, { sub: member.id, sid: admin.sessionId, role: 'admin' });
    expect((await request(t.server).get(`${api}/admin/users`).set(forged).expect(401)).body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses the still-valid access token of a session revoked or expired in PostgreSQL, and of a disabled user', async () => {
    const revoked = await createSignedInUser(t);
    const expired = await createSignedInUser(t);
    const disabled = await createSignedInUser(t);
    // Written as another instance (or an operator) would, with no revocation message reaching this process.
    await db.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [revoked.sessionId]);
    await db.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.sessionId]);
    await db.query(`UPDATE app_user SET status = 'disabled' WHERE id = $1`, [disabled.user.id]);
    for (const caller of [revoked, expired, disabled]) {
      const response = await request(t.server).get(`${api}/me`).set(caller.auth).expect(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it("drops a signed-out session's grant at once although it was cached", async () => {
    const member = await createSignedInUser(t);
    const other = await loginAs(t, member.user);
    await request(t.server).get(`${api}/me`).set(other.auth).expect(200);
    await request(t.server).delete(`${api}/me/sessions/${other.sessionId}`).set(member.auth).expect(204);
    await request(t.server).get(`${api}/me`).set(other.auth).expect(401);
    await request(t.server).get(`${api}/me`).set(member.auth).expect(200);
  });

  it("makes a demoted admin's token lose admin at once, also one that still claims admin", async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const demoted = await createSignedInUser(t, { platformRole: 'admin' });
    await request(t.server).get(`${api}/admin/users`).set(demoted.auth).expect(200);

    await request(t.server).patch(`${api}/admin/users/${demoted.user.id}`).set(admin.auth).send({ platformRole: 'member' }).expect(200);

    expect((await request(t.server).get(`${api}/admin/users`).set(demoted.auth).expect(401)).body.error.code).toBe('TOKEN_EXPIRED');
    const stillClaimingAdmin = forge(t, { sub: demoted.user.id, sid: demoted.sessionId, role: 'admin' });
    await request(t.server).get(`${api}/admin/users`).set(stillClaimingAdmin).expect(401);
    const asMember = forge(t, { sub: demoted.user.id, sid: demoted.sessionId, role: 'member' });
    await request(t.server).get(`${api}/admin/users`).set(asMember).expect(403);
    await request(t.server).get(`${api}/me`).set(asMember).expect(200);
  });
});
