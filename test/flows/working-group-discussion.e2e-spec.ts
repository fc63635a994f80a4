/**
 * Story (b): a working group's life through the real HTTP API and sockets — the secretariat creates it
 * with a chair, members ask to join and are approved, discussions flow to subscribed sockets, replies and
 * mentions notify the right people once, unread counts rise and fall, and a removed member stops hearing
 * the group. Crosses working groups, discussions, realtime and notifications.
 */
import request from 'supertest';
import {
  collect,
  connect,
  createNetworkMember,
  createSecretariat,
  createTestApp,
  nextEvent,
  RealtimeClient,
  subscribe,
  TestApp,
  waitUntil,
} from '@meridian/testing';

describe('Story: a working group discusses in real time', () => {
  let t: TestApp;
  const sockets: RealtimeClient[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  const api = () => request(t.server);
  const socketOf = async (accessToken: string) => {
    const socket = await connect(t.baseUrl, accessToken);
    sockets.push(socket);
    return socket;
  };

  type Auth = { Authorization: string };
  async function notificationsOf(auth: Auth, type?: string) {
    const items = (await api().get('/api/v1/notifications').set(auth).expect(200)).body.items as { id: string; type: string; data: Record<string, unknown> }[];
    return type ? items.filter((item) => item.type === type) : items;
  }
  const waitForNotification = (auth: Auth, type: string, matches: (data: Record<string, unknown>) => boolean) =>
    waitUntil(async () => (await notificationsOf(auth, type)).some((n) => matches(n.data)), { what: `a ${type} notification` });

  it('takes members from join request to live discussion, mentions and unread counts, and stops a removed member hearing the group', async () => {
    const secretariat = await createSecretariat(t);
    const chair = await createNetworkMember(t, { displayName: 'Chair Chen' });
    const ana = await createNetworkMember(t, { displayName: 'Ana Reyes' });
    const ben = await createNetworkMember(t, { displayName: 'Ben Okafor' });
    const carla = await createNetworkMember(t, { displayName: 'Carla Nguyen' });

    // The secretariat creates a network group (visible to network members) that needs a chair's approval to join.
    const created = await api()
      .post('/api/v1/working-groups')
      .set(secretariat.auth)
      .send({
        name: `Climate Mobility ${Date.now()}`,
        mandate: 'Displacement in the context of disasters and climate change.',
        visibility: 'network',
        joinPolicy: 'approval',
        gcmObjectives: [2, 5],
        countries: ['BD', 'FJ'],
        chairIds: [chair.user.id],
      })
      .expect(201);
    const group = created.body;
    expect(group).toMatchObject({ visibility: 'network', joinPolicy: 'approval', memberCount: 1, myRole: null });

    // Members ask to join; the chair hears of each request and approves it; each member hears back.
    for (const member of [ana, ben, carla]) {
      const pending = await api().post(`/api/v1/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(pending.body).toMatchObject({ userId: member.user.id, role: 'member', state: 'pending' });
      await waitForNotification(chair.auth, 'membership.requested', (data) => JSON.stringify(data).includes(member.user.id));
      const approved = await api().patch(`/api/v1/working-groups/${group.id}/members/${member.user.id}`).set(chair.auth).send({ state: 'active' }).expect(200);
      expect(approved.body).toMatchObject({ userId: member.user.id, state: 'active' });
      await waitForNotification(member.auth, 'membership.approved', (data) => data.workingGroupId === group.id);
    }
    const members = await api().get(`/api/v1/working-groups/${group.id}/members`).set(ana.auth).expect(200);
    expect(members.body.items.map((m: { userId: string }) => m.userId).sort()).toEqual([chair, ana, ben, carla].map((m) => m.user.id).sort());

    // Ana listens to the group; Ben and Carla have their own sockets (every socket is in its user room).
    const anaSocket = await socketOf(ana.accessToken);
    expect(await subscribe(anaSocket, `group:${group.id}`)).toEqual({ ok: true });
    const anaHeard: string[] = [];
    anaSocket.on('thread.created', () => anaHeard.push('thread.created'));
    anaSocket.on('post.created', () => anaHeard.push('post.created'));
    const benSocket = await socketOf(ben.accessToken);
    const carlaSocket = await socketOf(carla.accessToken);

    // Ben opens a thread; Carla answers it: Ana's socket hears both, in order.
    const threadCreated = nextEvent(anaSocket, 'thread.created', (payload) => payload.workingGroupId === group.id);
    const thread = (await api().post(`/api/v1/working-groups/${group.id}/threads`).set(ben.auth).send({ title: 'Planned relocation in Fiji', body: 'What do we know about community consent?' }).expect(201)).body;
    expect((await threadCreated).thread.id).toBe(thread.id);
    const postCreated = nextEvent(anaSocket, 'post.created', (payload) => payload.threadId === thread.id);
    const carlaPost = (await api().post(`/api/v1/threads/${thread.id}/posts`).set(carla.auth).send({ body: 'The 2023 guidelines are a start.' }).expect(201)).body;
    expect((await postCreated).post).toMatchObject({ id: carlaPost.id, seq: 2 });
    expect(anaHeard).toEqual(['thread.created', 'post.created']);

    // Ana replies to Ben's opening post and mentions both Ben and Carla: Ben is notified once (as a reply),
    // Carla as a mention; both sockets get notification.new.
    const benPushed = nextEvent(benSocket, 'notification.new', (payload) => payload.notification.type === 'post.replied');
    const carlaPushed = nextEvent(carlaSocket, 'notification.new', (payload) => payload.notification.type === 'post.mentioned');
    const reply = (
      await api()
        .post(`/api/v1/threads/${thread.id}/posts`)
        .set(ana.auth)
        .send({ body: `@${ben.user.handle} and @${carla.user.handle}: Vunidogoloa is the case to read.`, parentId: thread.firstPost.id })
        .expect(201)
    ).body;
    expect(reply).toMatchObject({ parentId: thread.firstPost.id, seq: 3 });
    await Promise.all([benPushed, carlaPushed]);
    const aboutReply = (items: { type: string; data: Record<string, unknown> }[]) => items.filter((n) => n.data.postId === reply.id);
    expect(aboutReply(await notificationsOf(ben.auth)).map((n) => n.type)).toEqual(['post.replied']);
    expect(aboutReply(await notificationsOf(carla.auth)).map((n) => n.type)).toEqual(['post.mentioned']);
    expect(aboutReply(await notificationsOf(ana.auth))).toEqual([]);

    // Carla has two unread posts (Ben's and Ana's; her own never counts) on the group and the thread lists.
    const groupUnread = async () => ((await api().get('/api/v1/working-groups').query({ mine: 'true' }).set(carla.auth).expect(200)).body.items as { id: string; unreadCount: number }[]).find((g) => g.id === group.id)!.unreadCount;
    const threadUnread = async () => ((await api().get(`/api/v1/working-groups/${group.id}/threads`).set(carla.auth).expect(200)).body.items as { id: string; unreadCount: number }[]).find((th) => th.id === thread.id)!.unreadCount;
    expect(await groupUnread()).toBe(2);
    expect(await threadUnread()).toBe(2);
    const read = await api().post(`/api/v1/threads/${thread.id}/read`).set(carla.auth).send({ lastReadPostId: reply.id }).expect(200);
    expect(read.body).toEqual({ threadId: thread.id, lastReadPostId: reply.id, unreadCount: 0 });
    expect(await groupUnread()).toBe(0);
    expect(await threadUnread()).toBe(0);

    // The chair removes Ana: her socket leaves the group's room at once and hears nothing more.
    const carlaGroupSocket = await socketOf(carla.accessToken);
    expect(await subscribe(carlaGroupSocket, `group:${group.id}`)).toEqual({ ok: true });
    await api().delete(`/api/v1/working-groups/${group.id}/members/${ana.user.id}`).set(chair.auth).send({ reason: 'Left her organisation' }).expect(204);
    const anaAfterRemoval = collect(anaSocket, 'post.created');
    const carlaHears = nextEvent(carlaGroupSocket, 'post.created', (payload) => payload.threadId === thread.id);
    const later = (await api().post(`/api/v1/threads/${thread.id}/posts`).set(ben.auth).send({ body: 'Thanks both.' }).expect(201)).body;
    expect((await carlaHears).post.id).toBe(later.id);
    expect(anaAfterRemoval).toEqual([]);
    // As a network member she still sees the network group, but may no longer post in it.
    expect((await api().get(`/api/v1/working-groups/${group.id}`).set(ana.auth).expect(200)).body).toMatchObject({ myRole: null, unreadCount: 0 });
    expect((await api().post(`/api/v1/threads/${thread.id}/posts`).set(ana.auth).send({ body: 'Still here?' }).expect(403)).body.error.code).toBe('FORBIDDEN');
  });
});
