import request from 'supertest';
import { DataSource } from 'typeorm';
import { createSignedInUser, useTestApp, waitUntil } from '@meridian/testing';

const api = '/api/v1';

/**
 * Pub/sub makes revocations prompt, PostgreSQL makes them certain: a revocation whose message never arrived (the
 * publish failed on another instance while this one's subscription stayed up) still takes effect here within
 * REVOCATION_CATCH_UP_SECONDS, without waiting for a Redis reconnect or the access token's expiry.
 */
describe('Access revocations catch up from PostgreSQL periodically', () => {
  const t = useTestApp({ env: { REVOCATION_CATCH_UP_SECONDS: '1' } });

  it('refuses the token of a session revoked elsewhere whose message was lost', async () => {
    const member = await createSignedInUser(t);
    await request(t.server).get(`${api}/me`).set(member.auth).expect(200);

    // What another instance commits when it signs the session out; its pub/sub message is lost on the way.
    await t.app.get(DataSource).query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1`, [member.sessionId]);

    const refused = await waitUntil(
      async () => {
        const response = await request(t.server).get(`${api}/me`).set(member.auth);
        return response.status === 401 ? response : undefined;
      },
      { timeoutMs: 15000, intervalMs: 200, what: 'the revoked session to be refused' },
    );
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
  });
});
