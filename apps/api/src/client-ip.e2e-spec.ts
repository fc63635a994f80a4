import request from 'supertest';
import { DataSource } from 'typeorm';
import { createSignedInUser, createUser, TestApp, TEST_PASSWORD, testRun, useTestApp } from '@meridian/testing';

const api = '/api/v1';
const LIMIT = 5;
const FORGED = '203.0.113.77';
let tags = 0;
/** Addresses of this run only: rate-limit counters live in Redis under the jest worker's prefix, shared by its files. */
const RUN = `100.${64 + Math.floor(Math.random() * 64)}.${Math.floor(Math.random() * 256)}`;
const uniqueEmail = () => `client-ip-${Date.now()}-${++tags}@example.org`;

/** The IP a sign-in through the API stored with its session, and the one an audited action stored. */
async function recordedAddresses(t: TestApp, forwardedFor: string): Promise<{ session: string; audit: string }> {
  const user = await createUser(t);
  const response = await request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', forwardedFor).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  const sessions = await request(t.server).get(`${api}/me/sessions`).set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);

  const admin = await createSignedInUser(t, { platformRole: 'admin' });
  await request(t.server).patch(`${api}/admin/users/${user.id}`).set(admin.auth).set('x-forwarded-for', forwardedFor).send({ platformRole: 'secretariat' }).expect(200);
  const [audit] = await t.app.get(DataSource).query(`SELECT ip FROM audit_log WHERE target_id = $1 AND action = 'user.role_change'`, [user.id]);
  return { session: sessions.body.items[0].ip, audit: audit.ip };
}

/** Wrong logins for fresh accounts (so only the per-IP limit can trip), each with a new X-Forwarded-For. */
async function wrongLoginsFromNewAddresses(t: TestApp, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < count; attempt++) {
    const response = await request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', `${RUN}.${attempt + 1}`).send({ email: uniqueEmail(), password: 'wrong-password' });
    statuses.push(response.status);
  }
  return statuses;
}

/**
 * Its own Redis prefix per app: these tests exhaust the loopback address's per-IP budget, and the rate-limit counters
 * of one jest worker's files otherwise share one prefix.
 */
const ownPrefix = (name: string) => `test-${testRun().runId}-w${testRun().workerId}-${name}`;

describe('The client IP', () => {
  describe('by default (TRUST_PROXY unset)', () => {
    const t = useTestApp({ env: { AUTH_RATE_LIMIT: String(LIMIT), QUEUE_PREFIX: ownPrefix('ip-default') } });

    it('is the peer address: X-Forwarded-For cannot forge the IP stored with sessions and in the audit log', async () => {
      const recorded = await recordedAddresses(t, FORGED);
      expect(recorded.session).not.toBe(FORGED);
      expect(recorded.audit).not.toBe(FORGED);
      expect(recorded.session).toMatch(/127\.0\.0\.1|::1/);
      expect(recorded.audit).toMatch(/127\.0\.0\.1|::1/);
    });

    it('keeps one per-IP budget however X-Forwarded-For changes', async () => {
      const statuses = await wrongLoginsFromNewAddresses(t, LIMIT + 1);
      expect(statuses).toContain(429);
    });
  });

  describe('behind a proxy named by TRUST_PROXY', () => {
    const t = useTestApp({ env: { AUTH_RATE_LIMIT: String(LIMIT), TRUST_PROXY: '127.0.0.0/8, ::1', QUEUE_PREFIX: ownPrefix('ip-proxy') } });

    it("is the proxy's X-Forwarded-For, in sessions, the audit log and the per-IP budget", async () => {
      const recorded = await recordedAddresses(t, `192.0.2.1, ${FORGED}`);
      expect(recorded).toEqual({ session: FORGED, audit: FORGED });
      expect(await wrongLoginsFromNewAddresses(t, LIMIT + 1)).toEqual(Array(LIMIT + 1).fill(401));
    });
  });
});
