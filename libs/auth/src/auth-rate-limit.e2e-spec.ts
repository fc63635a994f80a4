import request from 'supertest';
import { createUser, useTestApp } from '@meridian/testing';

const api = '/api/v1';
const LIMIT = 10;

/** A fresh documentation-range address per use, so counters of other tests (and files) never mix in. */
let addresses = 0;
const randomIp = () => `198.51.100.${++addresses}`;
const randomTag = () => Math.random().toString(36).slice(2, 10);

describe('Rate limits on login, registration, verification and reset', () => {
  // Requests come through a "proxy" on loopback whose X-Forwarded-For gives each test its own client addresses.
  const t = useTestApp({ env: { AUTH_RATE_LIMIT: String(LIMIT), AUTH_RATE_WINDOW_SECONDS: '60', TRUST_PROXY: '1' } });

  it('answers 429 RATE_LIMITED with Retry-After within 30 wrong logins from one address', async () => {
    const user = await createUser(t);
    const ip = randomIp();
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let attempt = 0; attempt < 30; attempt++) {
      // a different account each time: this is the per-IP limit
      const email = attempt === 0 ? user.email : `${randomTag()}@example.org`;
      const response = await request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', ip).send({ email, password: 'wrong-password' });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.slice(0, LIMIT).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
    expect(limited!.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: limited!.headers['x-request-id'] });
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits one account attacked from many addresses', async () => {
    const user = await createUser(t);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT + 2; attempt++) {
      const response = await request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', `203.0.113.${attempt + 1}`).send({ email: user.email.toUpperCase(), password: 'wrong-password' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    // another account from a fresh address is not affected
    await request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', randomIp()).send({ email: `${randomTag()}@example.org`, password: 'wrong-password' }).expect(401);
  });

  it.each([
    ['register', (tag: string) => ({ email: `${tag}@example.org`, password: 'short', displayName: 'X' })],
    ['password-reset/request', (tag: string) => ({ email: `${tag}@example.org` })],
    ['password-reset/confirm', (tag: string) => ({ token: tag, password: 'a-long-enough-password' })],
    ['verify-email', (tag: string) => ({ token: tag })],
    ['verify-email/resend', (tag: string) => ({ email: `${tag}@example.org` })],
  ])('throttles POST /auth/%s per address', async (path, body) => {
    const ip = randomIp();
    let last: request.Response | undefined;
    for (let attempt = 0; attempt <= LIMIT; attempt++) {
      last = await request(t.server).post(`${api}/auth/${path}`).set('x-forwarded-for', ip).send(body(randomTag()));
    }
    expect(last!.status).toBe(429);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('throttles the reset request per account across addresses', async () => {
    const email = `${randomTag()}@example.org`;
    let last: request.Response | undefined;
    for (let attempt = 0; attempt <= LIMIT; attempt++) {
      last = await request(t.server).post(`${api}/auth/password-reset/request`).set('x-forwarded-for', randomIp()).send({ email });
    }
    expect(last!.status).toBe(429);
  });
});
