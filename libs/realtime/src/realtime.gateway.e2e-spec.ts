import { randomUUID } from 'node:crypto';
import { TokenService } from '@meridian/auth';
import { RealtimePublisher } from '@meridian/realtime';
import {
  addMember,
  collect,
  connect,
  connectError,
  createGroup,
  createNetworkMember,
  createSignedInUser,
  createThread,
  createUser,
  disconnected,
  loginAs,
  nextEvent,
  realtimeClient,
  subscribe,
  useSocketCleanup,
  useTestApp,
} from '@meridian/testing';

describe('Realtime handshake and rooms (/realtime)', () => {
  const t = useTestApp({ listen: true });
  const track = useSocketCleanup();

  it('lets a signed-in member connect with the access token and listen to their own user room', async () => {
    const member = await createSignedInUser(t);
    const socket = track(await connect(t.baseUrl, member.accessToken));
    expect(await subscribe(socket, `user:${member.user.id}`)).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or forged token with connect_error UNAUTHORIZED', async () => {
    const member = await createSignedInUser(t);
    const forged = member.accessToken.slice(0, -4) + (member.accessToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const token of [undefined, '', 'not-a-jwt', forged]) {
      const error = await connectError(track(realtimeClient(t.baseUrl, token)));
      expect(error.data?.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses an expired token with UNAUTHORIZED, saying that it expired', async () => {
    const user = await createUser(t);
    const expired = t.app.get(TokenService).signAccessToken({ id: user.id, platformRole: user.platformRole }, randomUUID(), -10);
    const error = await connectError(track(realtimeClient(t.baseUrl, expired)));
    expect(error.data).toEqual({ code: 'UNAUTHORIZED', reason: 'TOKEN_EXPIRED' });
  });

  it('refuses a browser on a foreign origin but admits the configured origin and clients that send none', async () => {
    const member = await createSignedInUser(t);
    const error = await connectError(track(realtimeClient(t.baseUrl, member.accessToken, { origin: 'https://evil.example' })));
    expect(error.data?.code).toBe('FORBIDDEN');
    track(await connect(t.baseUrl, member.accessToken, { origin: 'http://meridian.test' }));
    track(await connect(t.baseUrl, member.accessToken));
  });

  it('answers VALIDATION_FAILED to room names that are not group:<id> or thread:<id>', async () => {
    const member = await createSignedInUser(t);
    const socket = track(await connect(t.baseUrl, member.accessToken));
    for (const room of ['', 'group:', 'group:not-a-uuid', 'lobby', `org:${randomUUID()}`, `group:${randomUUID()}x`]) {
      expect(await subscribe(socket, room)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    const ack = await socket.timeout(5000).emitWithAck('subscribe', 42 as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it("refuses to let a socket listen to another user's room", async () => {
    const member = await createSignedInUser(t);
    const other = await createUser(t);
    const socket = track(await connect(t.baseUrl, member.accessToken));
    expect(await subscribe(socket, `user:${other.id}`)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('disconnects a socket when its access token expires, and a fresh token connects again', async () => {
    const user = await createUser(t);
    const shortLived = await loginAs(t, user, { ttlSeconds: 2 });
    const socket = track(await connect(t.baseUrl, shortLived.accessToken));
    expect(await disconnected(socket, 6000)).toBe('io server disconnect');

    const fresh = await loginAs(t, user);
    socket.auth = { token: fresh.accessToken };
    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(await subscribe(socket, `user:${user.id}`)).toEqual({ ok: true });
  });

  it('lets a network member subscribe to a network group and its thread, and hides a private group they are not in', async () => {
    const member = await createNetworkMember(t);
    const chair = await createNetworkMember(t);
    const open = await createGroup(t, { visibility: 'network', chair: chair.user });
    const openThread = await createThread(t, open, chair.user);
    const secret = await createGroup(t, { visibility: 'private', chair: chair.user });
    const secretThread = await createThread(t, secret, chair.user);
    const socket = track(await connect(t.baseUrl, member.accessToken));

    expect(await subscribe(socket, `group:${open.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, `thread:${openThread.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, `group:${secret.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await subscribe(socket, `thread:${secretThread.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await subscribe(socket, `group:${randomUUID()}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('relays typing to the others in the thread room, not to the typist, at most once per interval', async () => {
    const chair = await createNetworkMember(t);
    const reader = await createNetworkMember(t);
    const outsider = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'private', chair: chair.user, members: [reader.user] });
    const thread = await createThread(t, group, chair.user);
    const typist = track(await connect(t.baseUrl, chair.accessToken));
    const listener = track(await connect(t.baseUrl, reader.accessToken));
    const unsubscribed = track(await connect(t.baseUrl, outsider.accessToken));
    await subscribe(typist, `thread:${thread.id}`);
    await subscribe(listener, `thread:${thread.id}`);
    const echoed = collect(typist, 'typing');
    const heard = collect(listener, 'typing');

    typist.emit('typing', { threadId: thread.id });
    typist.emit('typing', { threadId: thread.id });
    unsubscribed.emit('typing', { threadId: thread.id });
    expect(await nextEvent(listener, 'typing')).toEqual({ threadId: thread.id, userId: chair.user.id });

    // Anything relayed would reach each socket before this later event on the same connection.
    const publisher = t.app.get(RealtimePublisher);
    const flushed = Promise.all([nextEvent(typist, 'notification.read'), nextEvent(listener, 'notification.read')]);
    publisher.emit([`user:${chair.user.id}`, `user:${reader.user.id}`], 'notification.read', { all: true });
    await flushed;
    expect(heard).toHaveLength(1);
    expect(echoed).toEqual([]);
  });

  it('sends one event once to a socket in both the thread and the group room', async () => {
    const { user, accessToken } = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'network', chair: user });
    const thread = await createThread(t, group, user);
    const socket = track(await connect(t.baseUrl, accessToken));
    await subscribe(socket, `group:${group.id}`);
    await subscribe(socket, `thread:${thread.id}`);
    const received = collect(socket, 'post.deleted');

    t.app.get(RealtimePublisher).emit([`thread:${thread.id}`, `group:${group.id}`], 'post.deleted', { threadId: thread.id, postId: thread.firstPostId });
    const flushed = nextEvent(socket, 'notification.read');
    t.app.get(RealtimePublisher).emit([`user:${user.id}`], 'notification.read', { all: true });
    await flushed;
    expect(received).toEqual([{ threadId: thread.id, postId: thread.firstPostId }]);
  });

  it("takes a member who loses access out of the group's room and its threads' rooms at once, leaving other groups alone", async () => {
    const chair = await createNetworkMember(t);
    const member = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'private', chair: chair.user, members: [member.user] });
    const thread = await createThread(t, group, chair.user);
    const other = await createGroup(t, { visibility: 'private', chair: chair.user, members: [member.user] });
    const otherThread = await createThread(t, other, chair.user);
    const socket = track(await connect(t.baseUrl, member.accessToken));
    for (const room of [`group:${group.id}`, `thread:${thread.id}`, `group:${other.id}`, `thread:${otherThread.id}`]) {
      expect(await subscribe(socket, room)).toEqual({ ok: true });
    }

    await addMember(t, group, member.user, { state: 'removed' });
    const publisher = t.app.get(RealtimePublisher);
    await publisher.revokeGroupAccess(member.user.id, group.id);

    const deleted = collect(socket, 'post.deleted');
    publisher.emit([`group:${group.id}`], 'post.deleted', { threadId: thread.id, postId: 'in-revoked-group' });
    publisher.emit([`thread:${thread.id}`], 'post.deleted', { threadId: thread.id, postId: 'in-revoked-thread' });
    publisher.emit([`thread:${otherThread.id}`], 'post.deleted', { threadId: otherThread.id, postId: 'in-other-thread' });
    const flushed = nextEvent(socket, 'notification.read');
    publisher.emit([`user:${member.user.id}`], 'notification.read', { all: true });
    await flushed;
    expect(deleted.map((event) => event.postId)).toEqual(['in-other-thread']);
    expect(await subscribe(socket, `group:${group.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

/**
 * `subscribe` (a database query) and `typing` (a fan-out) spend from a per-socket budget (SOCKET_MESSAGE_LIMIT per
 * SOCKET_MESSAGE_WINDOW_SECONDS, in Redis like every budget): over it, `subscribe` answers RATE_LIMITED with the
 * seconds to wait and `typing` is dropped.
 */
describe('Realtime message budget per socket', () => {
  const BUDGET = 4;
  const t = useTestApp({ listen: true, env: { SOCKET_MESSAGE_LIMIT: String(BUDGET), SOCKET_MESSAGE_WINDOW_SECONDS: '60' } });
  const track = useSocketCleanup();

  it('answers RATE_LIMITED to subscribe once typing and subscribing spent the budget; another socket keeps its own', async () => {
    const member = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'network', chair: member.user });
    const thread = await createThread(t, group, member.user);
    const socket = track(await connect(t.baseUrl, member.accessToken));

    expect(await subscribe(socket, `thread:${thread.id}`)).toEqual({ ok: true });
    for (let typed = 1; typed < BUDGET; typed++) socket.emit('typing', { threadId: thread.id });
    const refused = await subscribe(socket, `group:${group.id}`);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(refused.error?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.error?.retryAfter).toBeLessThanOrEqual(60);

    const another = track(await connect(t.baseUrl, member.accessToken));
    expect(await subscribe(another, `group:${group.id}`)).toEqual({ ok: true });
  });
});
