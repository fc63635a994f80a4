import request from 'supertest';
import { createGroup, createNetworkMember, createSignedInUser, createThread, createUser, useTestApp } from '@meridian/testing';

const api = '/api/v1';
const PER_USER = 5;
const PER_IP = 8;

/** A fresh documentation-range address per use, so one test's counters never reach another's. */
let addresses = 0;
const freshIp = () => `192.0.2.${++addresses}`;

/**
 * Every write spends from one budget per user and one per client IP, across routes (OWASP API4:2023): a member
 * cannot flood posts, threads, reactions, applications or invitations by switching between them, nor many
 * accounts from one address. Reads are not counted.
 */
describe('Write budgets per user and per IP', () => {
  // Requests come through a "proxy" on loopback whose X-Forwarded-For gives each test its own client addresses.
  const t = useTestApp({ env: { WRITE_RATE_LIMIT: String(PER_USER), WRITE_IP_RATE_LIMIT: String(PER_IP), WRITE_RATE_WINDOW_SECONDS: '60', TRUST_PROXY: '1' } });

  async function discussion() {
    const member = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'network', chair: member.user });
    const thread = await createThread(t, group, member.user);
    return { member, group, thread };
  }

  it('counts posts, threads, reactions, applications and invitations against one per-user budget, then answers 429 with Retry-After', async () => {
    const { member, group, thread } = await discussion();
    const invitee = await createUser(t);
    // Each write from another address: this is the per-user budget, not the per-IP one.
    const writes = [
      () => request(t.server).post(`${api}/threads/${thread.id}/posts`).send({ body: 'A post' }),
      () => request(t.server).post(`${api}/working-groups/${group.id}/threads`).send({ title: 'A thread', body: 'Its first post' }),
      () => request(t.server).post(`${api}/posts/${thread.firstPostId}/reactions/${encodeURIComponent('👍')}`),
      () => request(t.server).post(`${api}/organisations`).send({ name: `Applicant ${freshIp()}`, type: 'cso', country: 'NP' }),
      () => request(t.server).post(`${api}/working-groups/${group.id}/members`).send({ userId: invitee.id, role: 'member' }),
    ];
    for (const write of writes) {
      const response = await write().set(member.auth).set('x-forwarded-for', freshIp());
      expect(response.body?.error).toBeUndefined();
      expect(response.status).toBeLessThan(300);
    }

    const refused = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).set('x-forwarded-for', freshIp()).send({ body: 'One too many' }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: refused.headers['x-request-id'] });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The refused post was not made, and reading is not a write.
    const posts = await request(t.server).get(`${api}/threads/${thread.id}/posts`).set(member.auth).set('x-forwarded-for', freshIp()).expect(200);
    expect(posts.body.items.map((post: { body: string }) => post.body)).not.toContain('One too many');
    // Another user writes on.
    const other = await createSignedInUser(t);
    await request(t.server).post(`${api}/organisations`).set(other.auth).set('x-forwarded-for', freshIp()).send({ name: `Applicant ${freshIp()}`, type: 'cso', country: 'LK' }).expect(201);
  });

  it('counts every account writing from one address against that address', async () => {
    const writers = await Promise.all(Array.from({ length: PER_IP + 2 }, () => createNetworkMember(t)));
    const group = await createGroup(t, { visibility: 'network', chair: writers[0].user, members: writers.slice(1).map((writer) => writer.user) });
    const thread = await createThread(t, group, writers[0].user);
    const ip = freshIp();
    const statuses: number[] = [];
    for (const [writer, member] of writers.entries()) {
      const response = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).set('x-forwarded-for', ip).send({ body: `From one office, writer ${writer}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(PER_IP).fill(201), 429, 429]);
  });

  it('counts anonymous writes per address (refreshing tokens at random)', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < PER_IP + 1; attempt++) {
      const response = await request(t.server).post(`${api}/auth/refresh`).set('x-forwarded-for', ip).send({ refreshToken: `guess-${attempt}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(PER_IP).fill(401), 429]);
  });

  it('never counts reads', async () => {
    const { member, thread } = await discussion();
    const ip = freshIp();
    for (let read = 0; read < PER_IP + 2; read++) {
      await request(t.server).get(`${api}/threads/${thread.id}/posts`).set(member.auth).set('x-forwarded-for', ip).expect(200);
    }
    await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).set('x-forwarded-for', ip).send({ body: 'After many reads' }).expect(201);
  });
});
