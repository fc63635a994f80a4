import request from 'supertest';
import { MailQueue } from '@meridian/mail';
import { createUser, useTestApp, waitUntil } from '@meridian/testing';

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

/**
 * Per account, sign-in backs off instead of locking out: after AUTH_RATE_LIMIT attempts each further one waits
 * ever longer (the first wait is the budget's own pace, AUTH_RATE_WINDOW_SECONDS / AUTH_RATE_LIMIT), never longer
 * than AUTH_BACKOFF_MAX_SECONDS, so the owner is always a bounded wait away from signing in. Every attempt comes
 * from another address: this is the per-account budget. The spent attempts carry an invalid body (400 before any
 * password hashing): the budget counts attempts before the route runs, and they answer at once.
 */
describe('Progressive sign-in back-off per account', () => {
  const FREE = 3;
  // Paced at one attempt per 2 s once the free ones are spent, doubling up to 8 s.
  const t = useTestApp({ env: { AUTH_RATE_LIMIT: String(FREE), AUTH_RATE_WINDOW_SECONDS: String(2 * FREE), AUTH_BACKOFF_MAX_SECONDS: '8', TRUST_PROXY: '1' } });
  const attempt = (body: object) => request(t.server).post(`${api}/auth/login`).set('x-forwarded-for', randomIp()).send(body);

  it('makes the owner wait seconds, not the whole window, and the waits grow up to the cap', async () => {
    const user = await createUser(t);
    for (let spent = 0; spent < FREE; spent++) await attempt({ email: user.email, password: 42 }).expect(400);

    // The last free attempt opened a 2 s wait (the old per-account limit refused for the whole 6 s window).
    const first = await attempt({ email: user.email, password: 'wrong-password' }).expect(429);
    expect(first.body.error.code).toBe('RATE_LIMITED');
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThanOrEqual(1);
    expect(firstWait).toBeLessThanOrEqual(2);
    // Asking again, in any letter case, is the same account and does not move the end of the wait.
    expect(Number((await attempt({ email: user.email.toUpperCase(), password: 'wrong-password' }).expect(429)).headers['retry-after'])).toBeLessThanOrEqual(2);

    // The owner, trying as a client honouring Retry-After would, gets in once the wait is over.
    const signedIn = await waitUntil(
      async () => {
        const response = await attempt({ email: user.email, password: user.password });
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: 10000, intervalMs: 250, what: 'the owner to sign in after the back-off' },
    );
    expect(signedIn.body.user.id).toBe(user.id);
    // Every attempt counted: the owner's opened a wait doubled up to the 8 s cap (less the time its sign-in took).
    const later = Number((await attempt({ email: user.email, password: 'wrong-password' }).expect(429)).headers['retry-after']);
    expect(later).toBeGreaterThan(2);
    expect(later).toBeLessThanOrEqual(8);
  });

  it('lets one attempt of a simultaneous burst through once the free attempts are spent', async () => {
    const user = await createUser(t);
    const burst = await Promise.all(Array.from({ length: FREE + 5 }, () => attempt({ email: user.email, password: 42 })));
    const statuses = burst.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(FREE).fill(400), ...Array(5).fill(429)]);
  });
});

/**
 * Mail-sending auth routes have a small budget per normalised submitted address (AUTH_MAIL_LIMIT): over it the
 * answer is still 202 (201 for a registration) and no mail goes, so the budget never tells whether the address
 * has an account; only the per-IP budget answers 429 (API.md "Auth and users").
 */
describe('Mail budget per submitted address', () => {
  const MAILS = 2;
  const t = useTestApp({ env: { AUTH_MAIL_LIMIT: String(MAILS), AUTH_MAIL_WINDOW_SECONDS: '3600', TRUST_PROXY: '1' } });
  let queued: jest.SpyInstance;

  beforeEach(() => {
    queued = jest.spyOn(t.app.get(MailQueue), 'enqueue');
  });
  afterEach(() => queued.mockRestore());

  // Mail jobs name the user, not the address (no secret in queue data): count the jobs queued for an account.
  const mailsTo = (userId: string) => queued.mock.calls.filter(([job]) => (job as { userId: string }).userId === userId).length;

  it('answers 202 to every reset and resend but mails an address only within its budget, in any letter case', async () => {
    const user = await createUser(t, { verified: false });
    const requests = [
      () => request(t.server).post(`${api}/auth/password-reset/request`).send({ email: user.email }),
      () => request(t.server).post(`${api}/auth/verify-email/resend`).send({ email: user.email.toUpperCase() }),
      () => request(t.server).post(`${api}/auth/password-reset/request`).send({ email: ` ${user.email}` }),
      () => request(t.server).post(`${api}/auth/verify-email/resend`).send({ email: user.email }),
    ];
    for (const send of requests) {
      const response = await send().set('x-forwarded-for', randomIp()).expect(202);
      expect(response.headers['retry-after']).toBeUndefined();
    }
    expect(mailsTo(user.id)).toBe(MAILS);
    await t.mail.waitFor((mail) => mail.to.includes(user.email) && /reset-password/.test(mail.text));
  });

  it('answers an address without an account exactly as one with an account', async () => {
    const user = await createUser(t);
    const nobody = `nobody-${randomTag()}@example.org`;
    const answers = async (email: string) => {
      const seen: string[] = [];
      for (let request_ = 0; request_ < MAILS + 2; request_++) {
        const response = await request(t.server).post(`${api}/auth/password-reset/request`).set('x-forwarded-for', randomIp()).send({ email });
        seen.push(`${response.status} ${JSON.stringify(response.body)} ${response.headers['retry-after'] ?? ''}`);
      }
      return seen;
    };
    expect(await answers(user.email)).toEqual(await answers(nobody));
    expect(mailsTo(user.id)).toBe(MAILS);
    // Nothing else was queued: the address without an account got no mail.
    expect(queued.mock.calls).toHaveLength(MAILS);
  });

  it('registers an address whose budget is spent, without mailing it', async () => {
    const email = `newcomer-${randomTag()}@example.org`;
    for (let spent = 0; spent < MAILS; spent++) {
      await request(t.server).post(`${api}/auth/verify-email/resend`).set('x-forwarded-for', randomIp()).send({ email }).expect(202);
    }
    const registered = await request(t.server)
      .post(`${api}/auth/register`)
      .set('x-forwarded-for', randomIp())
      .send({ email, password: 'a-long-enough-password', displayName: 'Newcomer' })
      .expect(201);
    expect(registered.body.user.email).toBe(email);
    expect(mailsTo(registered.body.user.id)).toBe(0);
  });
});
