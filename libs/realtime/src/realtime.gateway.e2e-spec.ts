import { randomUUID } from 'node:crypto';
import { TokenService } from '@meridian/auth';
import {
  connect,
  connectError,
  createSignedInUser,
  createTestApp,
  createUser,
  disconnected,
  loginAs,
  RealtimeClient,
  realtimeClient,
  subscribe,
  TestApp,
} from '@meridian/testing';

describe('Realtime handshake and rooms (/realtime)', () => {
  let t: TestApp;
  const sockets: RealtimeClient[] = [];
  const track = (socket: RealtimeClient) => (sockets.push(socket), socket);

  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await t.close();
  });

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
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(await subscribe(socket, `user:${user.id}`)).toEqual({ ok: true });
  });
});
