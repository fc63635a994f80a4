import request from 'supertest';
import { DataSource } from 'typeorm';
import { RoomAuthorizer } from '@meridian/realtime';
import {
  addMember,
  createGroup,
  createGroupWithChair,
  createNetworkMember,
  createOrganisation,
  createSignedInUser,
  createThread,
  LoggedIn,
  useTestApp,
} from '@meridian/testing';

const api = '/api/v1';
const emoji = (e: string) => encodeURIComponent(e);

describe('Discussions', () => {
  const t = useTestApp();
  let db: DataSource;
  let secretariat: LoggedIn;

  const outbox = (type: string, threadId: string) =>
    db.query(`SELECT payload FROM outbox_event WHERE type = $1 AND payload->>'threadId' = $2 ORDER BY id`, [type, threadId]).then((rows) => rows.map((row: { payload: unknown }) => row.payload));

  /** A network group with a chair and an active member. */
  async function groupWithMember(options: Parameters<typeof createGroup>[1] = {}) {
    const { group, chair } = await createGroupWithChair(t, options);
    const member = await createNetworkMember(t);
    await addMember(t, group, member.user);
    return { group, chair, member };
  }

  beforeAll(async () => {
    db = t.app.get(DataSource);
    secretariat = await createSignedInUser(t, { platformRole: 'secretariat' });
  });

  describe('threads', () => {
    it('lets a member start a thread with its first post, and records thread.created', async () => {
      const { group, member } = await groupWithMember();
      const response = await request(t.server)
        .post(`${api}/working-groups/${group.slug}/threads`)
        .set(member.auth)
        .send({ title: 'Fair recruitment in the Mekong corridor', body: 'What do **recruitment fees** look like in 2026?' })
        .expect(201);
      expect(response.body).toMatchObject({
        workingGroupId: group.id,
        title: 'Fair recruitment in the Mekong corridor',
        author: { id: member.user.id, displayName: member.user.displayName, handle: member.user.handle, organisation: { id: member.organisation.id, name: member.organisation.name } },
        pinned: false,
        locked: false,
        isAnnouncement: false,
        postCount: 1,
        lastPostSeq: 1,
        unreadCount: 0,
        firstPost: {
          threadId: response.body.id,
          parentId: null,
          seq: 1,
          deleted: false,
          editedAt: null,
          reactions: [],
          body: 'What do **recruitment fees** look like in 2026?',
          bodyHtml: '<p>What do <strong>recruitment fees</strong> look like in 2026?</p>\n',
        },
      });
      expect(await outbox('thread.created', response.body.id)).toEqual([
        { threadId: response.body.id, workingGroupId: group.id, postId: response.body.firstPost.id, authorId: member.user.id, title: 'Fair recruitment in the Mekong corridor' },
      ]);
    });

    it('rejects an empty or 10,000-character title and an empty body (400)', async () => {
      const { group, member } = await groupWithMember();
      const long = await request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(member.auth).send({ title: 'x'.repeat(10000), body: 'b' }).expect(400);
      expect(long.body.error.details[0].field).toBe('title');
      await request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(member.auth).send({ title: '   ', body: 'b' }).expect(400);
      const empty = await request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(member.auth).send({ title: 'ok', body: '' }).expect(400);
      expect(empty.body.error.details[0].field).toBe('body');
    });

    it('lists pinned threads first, then by latest activity, with unread counts and a cursor', async () => {
      const { group, chair, member } = await groupWithMember();
      const old = await createThread(t, group, chair.user, { title: 'old' });
      const middle = await createThread(t, group, chair.user, { title: 'middle' });
      const recent = await createThread(t, group, chair.user, { title: 'recent' });
      await request(t.server).patch(`${api}/threads/${old.id}`).set(chair.auth).send({ pinned: true }).expect(200);
      await request(t.server).patch(`${api}/threads/${middle.id}`).set(member.auth).send({ pinned: true }).expect(403);
      await request(t.server).post(`${api}/threads/${middle.id}/posts`).set(chair.auth).send({ body: 'bump' }).expect(201);

      const first = await request(t.server).get(`${api}/working-groups/${group.id}/threads?limit=2`).set(member.auth).expect(200);
      expect(first.body.items.map((item: { title: string }) => item.title)).toEqual(['old', 'middle']);
      expect(first.body.items[1].unreadCount).toBe(2);
      const second = await request(t.server).get(`${api}/working-groups/${group.id}/threads?limit=2&cursor=${first.body.nextCursor}`).set(member.auth).expect(200);
      expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([recent.id]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('lets a chair lock a thread (posting → 409 THREAD_LOCKED) and the secretariat delete it (audit-logged, then 404)', async () => {
      const { group, chair, member } = await groupWithMember();
      const thread = await createThread(t, group, member.user);
      const locked = await request(t.server).patch(`${api}/threads/${thread.id}`).set(chair.auth).send({ locked: true }).expect(200);
      expect(locked.body.locked).toBe(true);
      const refused = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'late' }).expect(409);
      expect(refused.body.error.code).toBe('THREAD_LOCKED');
      await request(t.server).delete(`${api}/threads/${thread.id}`).set(member.auth).expect(403);
      await request(t.server).delete(`${api}/threads/${thread.id}`).set(secretariat.auth).expect(204);
      await request(t.server).get(`${api}/threads/${thread.id}`).set(member.auth).expect(404);
      const [audit] = await db.query(`SELECT action, actor_id FROM audit_log WHERE target_id = $1`, [thread.id]);
      expect(audit).toEqual({ action: 'thread.delete', actor_id: secretariat.user.id });
    });

    it('lets chairs and the secretariat post announcements (group.announcement), not members', async () => {
      const { group, chair, member } = await groupWithMember();
      await request(t.server).post(`${api}/working-groups/${group.id}/announcements`).set(member.auth).send({ title: 'No', body: 'No' }).expect(403);
      const response = await request(t.server).post(`${api}/working-groups/${group.id}/announcements`).set(chair.auth).send({ title: 'Meeting on 3 March', body: 'Agenda attached.' }).expect(201);
      expect(response.body).toMatchObject({ isAnnouncement: true, firstPost: { seq: 1 } });
      expect(await outbox('group.announcement', response.body.id)).toEqual([
        { threadId: response.body.id, workingGroupId: group.id, postId: response.body.firstPost.id, authorId: chair.user.id, title: 'Meeting on 3 March' },
      ]);
      expect(await outbox('thread.created', response.body.id)).toEqual([]);
    });
  });

  describe('posts', () => {
    it('answers a reply in the API shape and records post.created with the parent author and resolved mentions', async () => {
      const { group, chair, member } = await groupWithMember({ visibility: 'private' });
      const outsider = await createNetworkMember(t);
      const thread = await createThread(t, group, chair.user);
      const response = await request(t.server)
        .post(`${api}/threads/${thread.id}/posts`)
        .set(member.auth)
        .send({ body: `Agreed @${chair.user.handle}; cc @${outsider.user.handle} and @nobody-here`, parentId: thread.firstPostId })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        threadId: thread.id,
        parentId: thread.firstPostId,
        author: { id: member.user.id, displayName: member.user.displayName, handle: member.user.handle, organisation: { id: member.organisation.id, name: member.organisation.name, acronym: null } },
        bodyHtml: expect.stringContaining('Agreed @'),
        body: expect.any(String),
        createdAt: expect.any(String),
        editedAt: null,
        deleted: false,
        reactions: [],
        seq: 2,
      });
      // The outsider cannot see the private group, so the mention does not resolve to them.
      expect(await outbox('post.created', thread.id)).toEqual([
        {
          postId: response.body.id, threadId: thread.id, workingGroupId: group.id, authorId: member.user.id,
          parentPostId: thread.firstPostId, parentAuthorId: chair.user.id, mentionedUserIds: [chair.user.id],
        },
      ]);
      const [mention] = await db.query(`SELECT user_id FROM post_mention WHERE post_id = $1`, [response.body.id]);
      expect(mention.user_id).toBe(chair.user.id);
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'x', parentId: '00000000-0000-4000-8000-000000000000' }).expect(422);
    });

    it('refuses observers (403), outsiders of a private group (404), unapproved organisations (403) and archived groups (409)', async () => {
      const { group, chair } = await groupWithMember({ visibility: 'private' });
      const thread = await createThread(t, group, chair.user);
      const observer = await createNetworkMember(t);
      await addMember(t, group, observer.user, { role: 'observer' });
      const asObserver = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(observer.auth).send({ body: 'hello' }).expect(403);
      expect(asObserver.body.error.code).toBe('FORBIDDEN');
      await request(t.server).get(`${api}/threads/${thread.id}/posts`).set(observer.auth).expect(200);

      const outsider = await createNetworkMember(t);
      const hidden = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(outsider.auth).send({ body: 'hello' }).expect(404);
      expect(hidden.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Thread not found' });
      await request(t.server).get(`${api}/threads/${thread.id}/posts`).expect(404);

      const applicant = await createSignedInUser(t);
      await createOrganisation(t, applicant.user, { status: 'applied' });
      await addMember(t, group, applicant.user);
      const unapproved = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(applicant.auth).send({ body: 'hello' }).expect(403);
      expect(unapproved.body.error.code).toBe('ORGANISATION_NOT_APPROVED');
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).send({ body: 'hello' }).expect(401);

      await request(t.server).post(`${api}/working-groups/${group.id}/archive`).set(chair.auth).expect(200);
      const archived = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'hello' }).expect(409);
      expect(archived.body.error.code).toBe('GROUP_ARCHIVED');
      const reaction = await request(t.server).post(`${api}/posts/${thread.firstPostId}/reactions/${emoji('👍')}`).set(chair.auth).expect(409);
      expect(reaction.body.error.code).toBe('GROUP_ARCHIVED');
    });

    it('rejects an empty body and one over 64 KiB of UTF-8 (400), and accepts exactly 64 KiB', async () => {
      const { group, member } = await groupWithMember();
      const thread = await createThread(t, group, member.user);
      const empty = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: ' \n ' }).expect(400);
      expect(empty.body.error.details[0].field).toBe('body');
      // 'ก' is 3 bytes of UTF-8: 21,846 of them are 65,538 bytes but only 21,846 characters.
      const tooBig = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'ก'.repeat(21846) }).expect(400);
      expect(tooBig.body.error.details[0]).toEqual({ field: 'body', message: 'body must be at most 65536 bytes of UTF-8' });
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'a'.repeat(65536) }).expect(201);
    });

    it('renders script tags, event handlers and javascript: links inert', async () => {
      const { group, member } = await groupWithMember();
      const thread = await createThread(t, group, member.user);
      const body = '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1)) and [site](https://example.org)';
      const response = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body }).expect(201);
      const html: string = response.body.bodyHtml;
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).not.toMatch(/<[^>]+\son\w+=/i);
      expect(html).toContain('<a href="https://example.org" rel="nofollow noopener">site</a>');
      expect(response.body.body).toBe(body);
    });

    it('pages a thread oldest first by seq, across pages, and after a given post', async () => {
      const { group, member } = await groupWithMember();
      const thread = await createThread(t, group, member.user, { posts: 45 });
      const seqs: number[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await request(t.server)
          .get(`${api}/threads/${thread.id}/posts?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
          .set(member.auth)
          .expect(200);
        seqs.push(...page.body.items.map((item: { seq: number }) => item.seq));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seqs).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));

      const [post40] = await db.query(`SELECT id FROM post WHERE thread_id = $1 AND seq = 40`, [thread.id]);
      const after = await request(t.server).get(`${api}/threads/${thread.id}/posts?after=${post40.id}`).set(member.auth).expect(200);
      expect(after.body.items.map((item: { seq: number }) => item.seq)).toEqual([41, 42, 43, 44, 45]);
      expect(after.body.nextCursor).toBeNull();
      const other = await createThread(t, group, member.user);
      await request(t.server).get(`${api}/threads/${thread.id}/posts?after=${other.firstPostId}`).set(member.auth).expect(400);
      await request(t.server).get(`${api}/threads/${thread.id}/posts?cursor=bad`).set(member.auth).expect(400);
    });

    it('keeps earlier versions on edit, notifies only newly mentioned users, and limits edits to the author and chairs', async () => {
      const { group, chair, member } = await groupWithMember();
      const colleague = await createNetworkMember(t);
      await addMember(t, group, colleague.user);
      const thread = await createThread(t, group, chair.user);
      const post = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: `First text @${chair.user.handle}` }).expect(201);
      const edited = await request(t.server)
        .patch(`${api}/posts/${post.body.id}`)
        .set(member.auth)
        .send({ body: `Second text @${chair.user.handle} @${colleague.user.handle}` })
        .expect(200);
      expect(edited.body).toMatchObject({ body: `Second text @${chair.user.handle} @${colleague.user.handle}`, editedAt: expect.any(String) });
      expect(await outbox('post.mentioned', thread.id)).toEqual([
        { postId: post.body.id, threadId: thread.id, workingGroupId: group.id, authorId: member.user.id, mentionedUserIds: [colleague.user.id] },
      ]);
      await request(t.server).patch(`${api}/posts/${post.body.id}`).set(colleague.auth).send({ body: 'hijack' }).expect(403);
      await request(t.server).patch(`${api}/posts/${post.body.id}`).set(chair.auth).send({ body: 'Moderated text' }).expect(200);

      const history = await request(t.server).get(`${api}/posts/${post.body.id}/history`).set(member.auth).expect(200);
      expect(history.body.items.map((item: { version: number; body: string }) => [item.version, item.body])).toEqual([
        [2, `Second text @${chair.user.handle} @${colleague.user.handle}`],
        [1, `First text @${chair.user.handle}`],
      ]);
      await request(t.server).get(`${api}/posts/${post.body.id}/history`).set(colleague.auth).expect(403);
      await request(t.server).get(`${api}/posts/${post.body.id}/history`).set(secretariat.auth).expect(200);
      // Never public: anonymous callers get 404, as for an invisible resource (not 401).
      expect((await request(t.server).get(`${api}/posts/${post.body.id}/history`).expect(404)).body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Post history not found' });
    });

    it('leaves a tombstone that keeps its place and its replies', async () => {
      const { group, member, chair } = await groupWithMember();
      const thread = await createThread(t, group, chair.user);
      const parent = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'parent' }).expect(201);
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'reply', parentId: parent.body.id }).expect(201);
      await request(t.server).delete(`${api}/posts/${parent.body.id}`).set(member.auth).expect(204);
      await request(t.server).delete(`${api}/posts/${parent.body.id}`).set(member.auth).expect(404);
      const posts = await request(t.server).get(`${api}/threads/${thread.id}/posts`).set(member.auth).expect(200);
      expect(posts.body.items[1]).toMatchObject({ id: parent.body.id, deleted: true, bodyHtml: null, body: null, author: null, seq: 2 });
      expect(posts.body.items[2]).toMatchObject({ parentId: parent.body.id, body: 'reply', seq: 3 });
      const threadNow = await request(t.server).get(`${api}/threads/${thread.id}`).set(member.auth).expect(200);
      expect(threadNow.body.postCount).toBe(2);
    });

    it('counts reactions from the allow-list once per user and emoji, and rejects others (400)', async () => {
      const { group, chair, member } = await groupWithMember();
      const thread = await createThread(t, group, chair.user);
      const url = `${api}/posts/${thread.firstPostId}/reactions`;
      await request(t.server).post(`${url}/${emoji('👍')}`).set(member.auth).expect(200);
      await request(t.server).post(`${url}/${emoji('👍')}`).set(member.auth).expect(200);
      await request(t.server).post(`${url}/${emoji('❤')}`).set(member.auth).expect(200);
      const both = await request(t.server).post(`${url}/${emoji('👍')}`).set(chair.auth).expect(200);
      expect(both.body.reactions).toEqual([
        { emoji: '👍', count: 2, mine: true },
        { emoji: '❤️', count: 1, mine: false },
      ]);
      const removed = await request(t.server).delete(`${url}/${emoji('👍')}`).set(member.auth).expect(200);
      expect(removed.body.reactions).toEqual([
        { emoji: '👍', count: 1, mine: false },
        { emoji: '❤️', count: 1, mine: true },
      ]);
      await request(t.server).delete(`${url}/${emoji('👍')}`).set(member.auth).expect(200);
      const refused = await request(t.server).post(`${url}/${emoji('💩')}`).set(member.auth).expect(400);
      expect(refused.body.error.details[0].field).toBe('emoji');
      await request(t.server).post(`${url}/notanemoji`).set(member.auth).expect(400);
    });
  });

  describe('unread counts', () => {
    it('starts a new member with the group read, never counts own posts, and follows read marks', async () => {
      const { group, chair } = await createGroupWithChair(t, { joinPolicy: 'open' });
      const thread = await createThread(t, group, chair.user, { posts: 5 });
      const member = await createNetworkMember(t);
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      const unread = async (who: LoggedIn) => {
        const groupView = await request(t.server).get(`${api}/working-groups/${group.id}`).set(who.auth).expect(200);
        const threadView = await request(t.server).get(`${api}/threads/${thread.id}`).set(who.auth).expect(200);
        expect(threadView.body.unreadCount).toBe(groupView.body.unreadCount);
        return groupView.body.unreadCount;
      };
      expect(await unread(member)).toBe(0);

      const one = await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'one' }).expect(201);
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'two' }).expect(201);
      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(member.auth).send({ body: 'mine' }).expect(201);
      expect(await unread(member)).toBe(2);
      expect(await unread(chair)).toBe(1);

      const read = await request(t.server).post(`${api}/threads/${thread.id}/read`).set(member.auth).send({ lastReadPostId: one.body.id }).expect(200);
      expect(read.body).toEqual({ threadId: thread.id, lastReadPostId: one.body.id, unreadCount: 1 });
      // Moving the mark back changes nothing.
      await request(t.server).post(`${api}/threads/${thread.id}/read`).set(member.auth).send({ lastReadPostId: thread.firstPostId }).expect(200);
      expect(await unread(member)).toBe(1);

      await request(t.server).post(`${api}/threads/${thread.id}/posts`).set(chair.auth).send({ body: 'three' }).expect(201);
      const listed = await request(t.server).get(`${api}/working-groups?mine=true`).set(member.auth).expect(200);
      expect(listed.body.items.find((item: { id: string }) => item.id === group.id).unreadCount).toBe(2);
      const cleared = await request(t.server).post(`${api}/working-groups/${group.id}/read`).set(member.auth).expect(200);
      expect(cleared.body).toMatchObject({ workingGroupId: group.id, unreadCount: 0 });
      expect(await unread(member)).toBe(0);

      const outsider = await createNetworkMember(t);
      const notMember = await request(t.server).get(`${api}/working-groups/${group.id}`).set(outsider.auth).expect(200);
      expect(notMember.body).toMatchObject({ myRole: null, unreadCount: 0 });
      await request(t.server).post(`${api}/threads/${thread.id}/read`).set(member.auth).send({ lastReadPostId: '00000000-0000-4000-8000-000000000000' }).expect(422);
    });
  });

  describe('subscriptions, users and rooms', () => {
    it('saves a thread subscription level', async () => {
      const { group, member } = await groupWithMember();
      const thread = await createThread(t, group, member.user);
      const response = await request(t.server).put(`${api}/threads/${thread.id}/subscription`).set(member.auth).send({ level: 'muted' }).expect(200);
      expect(response.body).toEqual({ threadId: thread.id, level: 'muted' });
      await request(t.server).put(`${api}/threads/${thread.id}/subscription`).set(member.auth).send({ level: 'sometimes' }).expect(400);
    });

    it('finds network members by handle for mentions, only for network members', async () => {
      const target = await createNetworkMember(t, { handle: `mention_${Date.now()}`, displayName: 'Siriporn Wongsa' });
      const caller = await createNetworkMember(t);
      const response = await request(t.server).get(`${api}/users?q=${target.user.handle.slice(0, 12)}`).set(caller.auth).expect(200);
      expect(response.body.items).toContainEqual({
        id: target.user.id, displayName: 'Siriporn Wongsa', handle: target.user.handle,
        organisations: [{ id: target.organisation.id, name: target.organisation.name, acronym: null }],
      });
      const byName = await request(t.server).get(`${api}/users?q=siriporn`).set(caller.auth).expect(200);
      expect(byName.body.items.map((item: { id: string }) => item.id)).toContain(target.user.id);
      const applicant = await createSignedInUser(t);
      const refused = await request(t.server).get(`${api}/users?q=a`).set(applicant.auth).expect(403);
      expect(refused.body.error.code).toBe('ORGANISATION_NOT_APPROVED');
      await request(t.server).get(`${api}/users?q=a`).expect(401);

    });

    it('narrows /users to the readers of a thread only for a caller who can read it: anyone else gets 404, as for no thread', async () => {
      const target = await createNetworkMember(t);
      const { group, chair } = await createGroupWithChair(t, { visibility: 'private' });
      const member = await createNetworkMember(t);
      await addMember(t, group, member.user);
      const thread = await createThread(t, group, chair.user);
      const ids = (response: request.Response) => response.body.items.map((item: { id: string }) => item.id);

      const scoped = await request(t.server).get(`${api}/users?threadId=${thread.id}&limit=100`).set(member.auth).expect(200);
      expect(ids(scoped)).toEqual(expect.arrayContaining([chair.user.id, member.user.id]));
      expect(ids(scoped)).not.toContain(target.user.id);
      const bySecretariat = await request(t.server).get(`${api}/users?threadId=${thread.id}&limit=100`).set(secretariat.auth).expect(200);
      expect(ids(bySecretariat)).toContain(chair.user.id);

      // An outsider learns neither who is in the private group nor that the thread exists.
      const outsider = await request(t.server).get(`${api}/users?threadId=${thread.id}&limit=100`).set(target.auth).expect(404);
      const unknown = await request(t.server).get(`${api}/users?threadId=00000000-0000-4000-8000-000000000000`).set(target.auth).expect(404);
      expect(outsider.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Thread not found' });
      expect(unknown.body.error.message).toBe(outsider.body.error.message);
      await db.query(`UPDATE thread SET deleted_at = now() WHERE id = $1`, [thread.id]);
      await request(t.server).get(`${api}/users?threadId=${thread.id}`).set(member.auth).expect(404);
    });

    it('authorises socket rooms with the same visibility rule', async () => {
      const { group, chair } = await createGroupWithChair(t, { visibility: 'private' });
      const thread = await createThread(t, group, chair.user);
      const outsider = await createNetworkMember(t);
      const rooms = t.app.get(RoomAuthorizer);
      const asChair = { id: chair.user.id, platformRole: 'member' };
      const asOutsider = { id: outsider.user.id, platformRole: 'member' };
      expect(await rooms.authorize(asChair, { kind: 'thread', id: thread.id })).toEqual({ ok: true, workingGroupId: group.id });
      expect(await rooms.authorize(asChair, { kind: 'group', id: group.id })).toEqual({ ok: true, workingGroupId: group.id });
      expect(await rooms.authorize(asOutsider, { kind: 'group', id: group.id })).toEqual({ ok: false, code: 'NOT_FOUND' });
      expect(await rooms.authorize(asOutsider, { kind: 'thread', id: thread.id })).toEqual({ ok: false, code: 'NOT_FOUND' });
      expect(await rooms.authorize({ id: secretariat.user.id, platformRole: 'secretariat' }, { kind: 'thread', id: thread.id })).toMatchObject({ ok: true });
      expect(await rooms.authorize(asChair, { kind: 'thread', id: 'not-a-uuid' })).toEqual({ ok: false, code: 'NOT_FOUND' });
    });
  });
});
