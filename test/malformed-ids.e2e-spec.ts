/**
 * API.md: "A malformed id in a path is 404 NOT_FOUND (the same as an unknown one)" — on every kind of route with an
 * id in its path, in the one error envelope naming the resource, before any body is looked at. Routes that take an
 * id or a slug keep taking slugs.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createGroup, createNetworkMember, createSignedInUser, createThread, LoggedIn, TestGroup, TestThread, useTestApp } from '@meridian/testing';

describe('Malformed ids in paths', () => {
  // An admin passes every role and organisation check, so each route gets as far as its id.
  const t = useTestApp();
  let admin: LoggedIn;
  let member: Awaited<ReturnType<typeof createNetworkMember>>;
  let group: TestGroup;
  let thread: TestThread;

  beforeAll(async () => {
    admin = await createSignedInUser(t, { platformRole: 'admin' });
    member = await createNetworkMember(t);
    group = await createGroup(t, { visibility: 'public', slug: 'malformed-id-checks', chair: member.user });
    thread = await createThread(t, group, member.user);
  });

  const MALFORMED = ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '12345', `${randomUUID()}0`];

  type Case = [method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: (id: string) => string, resource: string, body?: object];
  const cases = (): Case[] => [
    ['get', (id) => `/threads/${id}`, 'Thread'],
    ['patch', (id) => `/threads/${id}`, 'Thread', { title: 'Renamed' }],
    ['delete', (id) => `/threads/${id}`, 'Thread'],
    ['post', (id) => `/threads/${id}/read`, 'Thread', { lastReadPostId: thread.firstPostId }],
    ['put', (id) => `/threads/${id}/subscription`, 'Thread', { level: 'watching' }],
    ['get', (id) => `/threads/${id}/posts`, 'Thread'],
    ['post', (id) => `/threads/${id}/posts`, 'Thread', { body: 'Hello' }],
    ['patch', (id) => `/posts/${id}`, 'Post', { body: 'Edited' }],
    ['delete', (id) => `/posts/${id}`, 'Post'],
    ['get', (id) => `/posts/${id}/history`, 'Post'],
    ['post', (id) => `/posts/${id}/reactions/${encodeURIComponent('👍')}`, 'Post'],
    ['delete', (id) => `/posts/${id}/reactions/${encodeURIComponent('👍')}`, 'Post'],
    ['patch', (id) => `/working-groups/${group.id}/members/${id}`, 'Membership', { role: 'member' }],
    ['delete', (id) => `/working-groups/${group.slug}/members/${id}`, 'Membership'],
    ['get', (id) => `/organisations/${id}`, 'Organisation'],
    ['post', (id) => `/organisations/${id}/approve`, 'Organisation', {}],
    ['get', (id) => `/organisations/${id}/members`, 'Organisation'],
    ['post', (id) => `/organisations/${id}/join-requests`, 'Organisation'],
    ['patch', (id) => `/organisations/${member.organisation.id}/members/${id}`, 'Membership', { role: 'member' }],
    ['delete', (id) => `/organisations/${member.organisation.id}/members/${id}`, 'Membership'],
    ['get', (id) => `/admin/users/${id}`, 'User'],
    ['patch', (id) => `/admin/users/${id}`, 'User', { status: 'active' }],
    ['delete', (id) => `/me/sessions/${id}`, 'Session'],
    ['post', (id) => `/notifications/${id}/read`, 'Notification'],
  ];

  it('answers 404 NOT_FOUND naming the resource on thread, post, membership, organisation, user, session and notification routes', async () => {
    const deviations: string[] = [];
    for (const [method, path, resource, body] of cases()) {
      for (const id of MALFORMED) {
        const call = request(t.server)[method](`/api/v1${path(encodeURIComponent(id))}`).set(admin.auth);
        const response = await (body ? call.send(body) : call);
        const expected = { code: 'NOT_FOUND', message: `${resource} not found`, requestId: response.headers['x-request-id'] };
        if (response.status !== 404 || JSON.stringify(response.body) !== JSON.stringify({ error: expected })) {
          deviations.push(`${method} ${path(id)}: ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    }
    expect(deviations).toEqual([]);
  });

  it('answers 404 for a working-group reference that is neither an id nor a slug, and keeps finding groups by slug in any case', async () => {
    for (const ref of ['not a slug', 'a_b', '-leading', 'trailing-', 'double--hyphen', 'a%00b', `${randomUUID()}x`]) {
      const response = await request(t.server).get(`/api/v1/working-groups/${ref.includes('%') ? ref : encodeURIComponent(ref)}`).expect(404);
      expect(response.body.error).toEqual({ code: 'NOT_FOUND', message: 'Working group not found', requestId: response.headers['x-request-id'] });
    }
    const threads = await request(t.server).get('/api/v1/working-groups/not%20a%20slug/threads').set(member.auth).expect(404);
    expect(threads.body.error.message).toBe('Working group not found');

    expect((await request(t.server).get(`/api/v1/working-groups/${group.slug}`).expect(200)).body.id).toBe(group.id);
    expect((await request(t.server).get(`/api/v1/working-groups/${group.slug.toUpperCase()}`).expect(200)).body.id).toBe(group.id);
    expect((await request(t.server).get(`/api/v1/working-groups/${group.id.toUpperCase()}/threads`).expect(200)).body.items).toHaveLength(1);
  });

  it('checks the id before the body: a malformed id with an invalid body is still 404', async () => {
    const response = await request(t.server).patch('/api/v1/threads/not-a-uuid').set(admin.auth).send({ title: 42, unknown: true }).expect(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});
