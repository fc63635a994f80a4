import request from 'supertest';
import { loadAppConfig } from '@meridian/config';
import { HeadlessRealtimePublisher, RealtimePublisher } from '@meridian/realtime';
import {
  connect,
  createGroup,
  createNetworkMember,
  createSecretariat,
  createSignedInUser,
  createTestApp,
  createThread,
  disconnected,
  MeridianProcess,
  nextEvent,
  startMeridianProcess,
  subscribe,
  TestApp,
  useSocketCleanup,
  waitUntil,
} from '@meridian/testing';

/**
 * Two api processes from dist/ (MERIDIAN_ROLE=api, different ports) share PostgreSQL and Redis: what one commits
 * reaches sockets connected to the other through the Redis Streams adapter, and a socket that drops meanwhile
 * gets it on reconnect. The in-process test app only creates data (it is on the same stream, like a third instance).
 */
describe('Realtime across two api instances', () => {
  let t: TestApp;
  let a: MeridianProcess;
  let b: MeridianProcess;
  const track = useSocketCleanup();

  beforeAll(async () => {
    t = await createTestApp();
    [a, b] = await Promise.all([
      startMeridianProcess('api', { ...t.env, MERIDIAN_ROLE: 'api', PORT: '0' }),
      startMeridianProcess('api', { ...t.env, MERIDIAN_ROLE: 'api', PORT: '0' }),
    ]);
  }, 60000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.close();
  });

  async function discussion() {
    const author = await createNetworkMember(t);
    const reader = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'private', chair: author.user, members: [reader.user] });
    const thread = await createThread(t, group, author.user);
    return { author, reader, group, thread };
  }

  it('delivers post.created to a socket on instance B when the post is made through instance A', async () => {
    const { author, reader, group, thread } = await discussion();
    const socket = track(await connect(b.baseUrl, reader.accessToken));
    expect(await subscribe(socket, `thread:${thread.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, `group:${group.id}`)).toEqual({ ok: true });

    const received = nextEvent(socket, 'post.created');
    const response = await request(a.baseUrl).post(`/api/v1/threads/${thread.id}/posts`).set(author.auth).send({ body: 'Hello from instance A' }).expect(201);
    const event = await received;
    expect(event.threadId).toBe(thread.id);
    expect(event.post).toMatchObject({ id: response.body.id, threadId: thread.id, body: 'Hello from instance A' });
  });

  it('gives a socket that dropped while a post was made that post on reconnect (connection-state recovery)', async () => {
    const { author, reader, thread } = await discussion();
    const socket = track(await connect(b.baseUrl, reader.accessToken));
    await subscribe(socket, `thread:${thread.id}`);
    // A first event gives the client its stream offset, which recovery starts from.
    const first = nextEvent(socket, 'post.created');
    await request(a.baseUrl).post(`/api/v1/threads/${thread.id}/posts`).set(author.auth).send({ body: 'Before the drop' }).expect(201);
    await first;

    // The connection drops under the socket (the server sees a transport close), unlike a deliberate disconnect().
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close();
    await dropped;
    const missed = await request(a.baseUrl).post(`/api/v1/threads/${thread.id}/posts`).set(author.auth).send({ body: 'While you were away' }).expect(201);

    const recovered = nextEvent(socket, 'post.created', (payload) => payload.post.id === missed.body.id);
    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(socket.recovered).toBe(true);
    expect((await recovered).post).toMatchObject({ body: 'While you were away' });

    // The HTTP fallback for a client whose session could not be recovered.
    const page = await request(b.baseUrl).get(`/api/v1/threads/${thread.id}/posts`).query({ after: thread.firstPostId }).set(reader.auth).expect(200);
    expect(page.body.items.map((post: { body: string }) => post.body)).toEqual(['Before the drop', 'While you were away']);
  });

  it('takes a socket on instance B out of the group rooms when access is revoked elsewhere', async () => {
    const { author, reader, group, thread } = await discussion();
    const socket = track(await connect(b.baseUrl, reader.accessToken));
    await subscribe(socket, `group:${group.id}`);
    await subscribe(socket, `thread:${thread.id}`);

    // The chair removes the reader through instance A.
    await request(a.baseUrl).delete(`/api/v1/working-groups/${group.id}/members/${reader.user.id}`).set(author.auth).expect(204);

    // Two emits through the shared stream, in order: the second reaching the socket proves the first did not.
    const deleted: string[] = [];
    socket.on('post.deleted', (payload) => deleted.push(payload.postId));
    const flushed = nextEvent(socket, 'notification.read');
    const publisher = t.app.get(RealtimePublisher);
    publisher.emit([`thread:${thread.id}`, `group:${group.id}`], 'post.deleted', { threadId: thread.id, postId: thread.firstPostId });
    publisher.emit([`user:${reader.user.id}`], 'notification.read', { all: true });
    await flushed;
    expect(deleted).toEqual([]);
  });

  it('takes a socket on instance B out of network rooms when the secretariat suspends its organisation through instance A', async () => {
    const author = await createNetworkMember(t);
    const member = await createNetworkMember(t);
    const secretariat = await createSecretariat(t);
    const group = await createGroup(t, { visibility: 'network', chair: author.user });
    const thread = await createThread(t, group, author.user);
    const socket = track(await connect(b.baseUrl, member.accessToken));
    expect(await subscribe(socket, `group:${group.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, `thread:${thread.id}`)).toEqual({ ok: true });

    await request(a.baseUrl).post(`/api/v1/organisations/${member.organisation.id}/suspend`).set(secretariat.auth).send({}).expect(200);

    const deleted: string[] = [];
    socket.on('post.deleted', (payload) => deleted.push(payload.postId));
    const flushed = nextEvent(socket, 'notification.read');
    const publisher = t.app.get(RealtimePublisher);
    publisher.emit([`thread:${thread.id}`, `group:${group.id}`], 'post.deleted', { threadId: thread.id, postId: thread.firstPostId });
    publisher.emit([`user:${member.user.id}`], 'notification.read', { all: true });
    await flushed;
    expect(deleted).toEqual([]);
    expect(await subscribe(socket, `group:${group.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses on instance B, at once, the token of a user disabled through instance A, and closes their socket there', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const member = await createNetworkMember(t);
    const socket = track(await connect(b.baseUrl, member.accessToken));
    await request(b.baseUrl).get('/api/v1/me').set(member.auth).expect(200);

    const dropped = disconnected(socket);
    await request(a.baseUrl).patch(`/api/v1/admin/users/${member.user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);

    expect(await dropped).toBe('io server disconnect');
    // Pub/sub reaches B within milliseconds; waitUntil only absorbs that delivery, not a token lifetime.
    await waitUntil(async () => (await request(b.baseUrl).get('/api/v1/me').set(member.auth)).status === 401, { timeoutMs: 2000, what: 'instance B refusing the token' });
  });

  it("reaches a socket on an api instance from the worker's listener-less socket.io server", async () => {
    const { reader } = await discussion();
    const socket = track(await connect(b.baseUrl, reader.accessToken));
    const worker = new HeadlessRealtimePublisher({ ...loadAppConfig(t.env), role: 'worker' });
    try {
      const received = nextEvent(socket, 'notification.new');
      worker.emit([`user:${reader.user.id}`], 'notification.new', { notification: { id: 'from-the-worker' } });
      expect(await received).toEqual({ notification: { id: 'from-the-worker' } });
    } finally {
      await worker.onApplicationShutdown();
    }
  });
});
