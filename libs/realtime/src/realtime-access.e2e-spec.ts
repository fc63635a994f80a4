import request from 'supertest';
import { RealtimePublisher } from '@meridian/realtime';
import {
  collect,
  connect,
  connectError,
  createApprovedOrganisation,
  createGroup,
  createNetworkMember,
  createSecretariat,
  createSignedInUser,
  createThread,
  disconnected,
  LoggedIn,
  loginAs,
  nextEvent,
  RealtimeClient,
  realtimeClient,
  subscribe,
  useSocketCleanup,
  useTestApp,
} from '@meridian/testing';

const api = '/api/v1';

/**
 * Access lost in other ways than leaving a working group reaches open sockets at once (API.md "Working groups":
 * removed, left, organisation suspended), and a disabled user's or revoked session's access token stops working at
 * once although access tokens are stateless.
 */
describe('Realtime access follows organisation, account and thread changes', () => {
  const t = useTestApp({ listen: true });
  const track = useSocketCleanup();

  /** A network group with a chair (from another organisation) and a thread. */
  async function networkDiscussion() {
    const chair = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'network', chair: chair.user });
    const thread = await createThread(t, group, chair.user);
    return { chair, group, thread };
  }

  async function subscribedSocket(member: LoggedIn, rooms: string[]): Promise<RealtimeClient> {
    const socket = track(await connect(t.baseUrl, member.accessToken));
    for (const room of rooms) expect(await subscribe(socket, room)).toEqual({ ok: true });
    return socket;
  }

  /** Everything emitted before reaches a socket ahead of this later event on its own user room. */
  async function flush(socket: RealtimeClient, userId: string): Promise<void> {
    const flushed = nextEvent(socket, 'notification.read');
    t.app.get(RealtimePublisher).emit([`user:${userId}`], 'notification.read', { all: true });
    await flushed;
  }

  it("takes a member out of a network group's rooms when the secretariat suspends their only organisation, not a member of two", async () => {
    const { chair, group, thread } = await networkDiscussion();
    const secretariat = await createSecretariat(t);
    const member = await createSignedInUser(t);
    const twoOrganisations = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, member.user, { members: [twoOrganisations.user] });
    await createApprovedOrganisation(t, twoOrganisations.user);
    const rooms = [`group:${group.id}`, `thread:${thread.id}`];
    const suspendedSocket = await subscribedSocket(member, rooms);
    const keptSocket = await subscribedSocket(twoOrganisations, rooms);
    const missed = collect(suspendedSocket, 'post.created');

    await request(t.server).post(`${api}/organisations/${organisation.id}/suspend`).set(secretariat.auth).send({ reason: 'Dormant' }).expect(200);

    const delivered = nextEvent(keptSocket, 'post.created');
    await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'After the suspension' }).expect(201);
    expect((await delivered).post).toMatchObject({ body: 'After the suspension' });
    await flush(suspendedSocket, member.user.id);
    expect(missed).toEqual([]);
    for (const room of rooms) expect(await subscribe(suspendedSocket, room)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('takes a member removed from their organisation out of network rooms, and one who leaves it', async () => {
    const { chair, group, thread } = await networkDiscussion();
    const owner = await createSignedInUser(t);
    const removed = await createSignedInUser(t);
    const leaving = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user, { members: [removed.user, leaving.user] });
    const rooms = [`group:${group.id}`, `thread:${thread.id}`];
    const removedSocket = await subscribedSocket(removed, rooms);
    const leavingSocket = await subscribedSocket(leaving, rooms);
    const ownerSocket = await subscribedSocket(owner, rooms);
    const missedByRemoved = collect(removedSocket, 'post.created');
    const missedByLeaving = collect(leavingSocket, 'post.created');

    await request(t.server).delete(`${api}/organisations/${organisation.id}/members/${removed.user.id}`).set(owner.auth).expect(204);
    await request(t.server).delete(`${api}/organisations/${organisation.id}/members/${leaving.user.id}`).set(leaving.auth).expect(204);

    const delivered = nextEvent(ownerSocket, 'post.created');
    await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'Members only' }).expect(201);
    await delivered;
    await flush(removedSocket, removed.user.id);
    await flush(leavingSocket, leaving.user.id);
    expect(missedByRemoved).toEqual([]);
    expect(missedByLeaving).toEqual([]);
    expect(await subscribe(removedSocket, `group:${group.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('re-checks the sockets of a group and its threads when a chair makes the group private', async () => {
    const { chair, group, thread } = await networkDiscussion();
    const outsider = await createNetworkMember(t);
    const groupOnly = await subscribedSocket(outsider, [`group:${group.id}`]);
    const threadOnly = await subscribedSocket(outsider, [`thread:${thread.id}`]);
    const chairSocket = await subscribedSocket(chair, [`thread:${thread.id}`]);
    const missed = collect(groupOnly, 'post.created');
    const missedOnThread = collect(threadOnly, 'post.created');

    await request(t.server).patch(`${api}/working-groups/${group.id}`).set(chair.auth).send({ visibility: 'private' }).expect(200);

    const delivered = nextEvent(chairSocket, 'post.created');
    await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'Members only from now on' }).expect(201);
    await delivered;
    await flush(groupOnly, outsider.user.id);
    await flush(threadOnly, outsider.user.id);
    expect(missed).toEqual([]);
    expect(missedOnThread).toEqual([]);
    expect(await subscribe(threadOnly, `thread:${thread.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("keeps a suspended organisation's member in a public group's room (anyone may read it)", async () => {
    const chair = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'public', chair: chair.user });
    const secretariat = await createSecretariat(t);
    const member = await createNetworkMember(t);
    const socket = await subscribedSocket(member, [`group:${group.id}`]);

    await request(t.server).post(`${api}/organisations/${member.organisation.id}/suspend`).set(secretariat.auth).send({}).expect(200);

    const thread = await createThread(t, group, chair.user);
    const delivered = nextEvent(socket, 'post.created');
    await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'Still public' }).expect(201);
    expect((await delivered).post).toMatchObject({ body: 'Still public' });
  });

  it("disconnects a user an admin disables, and their access token answers 401 at once", async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const member = await createNetworkMember(t);
    const otherSession = await loginAs(t, member.user);
    const first = track(await connect(t.baseUrl, member.accessToken));
    const second = track(await connect(t.baseUrl, otherSession.accessToken));
    await request(t.server).get(`${api}/me`).set(member.auth).expect(200);

    const dropped = Promise.all([disconnected(first), disconnected(second)]);
    await request(t.server).patch(`${api}/admin/users/${member.user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);

    expect(await dropped).toEqual(['io server disconnect', 'io server disconnect']);
    const refused = await request(t.server).get(`${api}/me`).set(member.auth).expect(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
    await request(t.server).get(`${api}/me`).set(otherSession.auth).expect(401);
    expect((await connectError(track(realtimeClient(t.baseUrl, member.accessToken)))).data?.code).toBe('UNAUTHORIZED');
  });

  it('signs out only the revoked session: its token answers 401 and its sockets close, the caller keeps theirs', async () => {
    const member = await createNetworkMember(t);
    const laptop = await loginAs(t, member.user);
    const phoneSocket = track(await connect(t.baseUrl, member.accessToken));
    const laptopSocket = track(await connect(t.baseUrl, laptop.accessToken));

    const dropped = disconnected(laptopSocket);
    await request(t.server).delete(`${api}/me/sessions/${laptop.sessionId}`).set(member.auth).expect(204);

    expect(await dropped).toBe('io server disconnect');
    await request(t.server).get(`${api}/me`).set(laptop.auth).expect(401);
    await request(t.server).get(`${api}/me`).set(member.auth).expect(200);
    await flush(phoneSocket, member.user.id);
    expect(phoneSocket.connected).toBe(true);
  });

  it('makes a demoted secretariat refresh: the old token answers TOKEN_EXPIRED, sockets close, a token with the new role works', async () => {
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const secretariat = await createSecretariat(t);
    const socket = track(await connect(t.baseUrl, secretariat.accessToken));
    await request(t.server).get(`${api}/audit-log`).set(secretariat.auth).expect(200);

    const dropped = disconnected(socket);
    await request(t.server).patch(`${api}/admin/users/${secretariat.user.id}`).set(admin.auth).send({ platformRole: 'member' }).expect(200);

    expect(await dropped).toBe('io server disconnect');
    const stale = await request(t.server).get(`${api}/audit-log`).set(secretariat.auth).expect(401);
    expect(stale.body.error.code).toBe('TOKEN_EXPIRED');
    const refreshed = await loginAs(t, { ...secretariat.user, platformRole: 'member' }, {});
    await request(t.server).get(`${api}/audit-log`).set(refreshed.auth).expect(403);
    await request(t.server).get(`${api}/me`).set(refreshed.auth).expect(200);
  });

  it("takes every socket out of a deleted thread's room; subscribing again answers NOT_FOUND", async () => {
    const { chair, group, thread } = await networkDiscussion();
    const member = await createNetworkMember(t);
    const socket = await subscribedSocket(member, [`thread:${thread.id}`, `group:${group.id}`]);
    const chairSocket = await subscribedSocket(chair, [`thread:${thread.id}`]);

    await request(t.server).delete(`${api}/threads/${thread.id}`).set(chair.auth).expect(204);

    const deleted = collect(socket, 'post.deleted');
    const deletedForChair = collect(chairSocket, 'post.deleted');
    t.app.get(RealtimePublisher).emit([`thread:${thread.id}`], 'post.deleted', { threadId: thread.id, postId: thread.firstPostId });
    await flush(socket, member.user.id);
    await flush(chairSocket, chair.user.id);
    expect(deleted).toEqual([]);
    expect(deletedForChair).toEqual([]);
    expect(await subscribe(socket, `thread:${thread.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await subscribe(socket, `group:${group.id}`)).toEqual({ ok: true });
  });
});
