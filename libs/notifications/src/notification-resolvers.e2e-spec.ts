import { DataSource } from 'typeorm';
import {
  addMember,
  createGroup,
  createThread,
  createUser,
  recordOutboxEvent,
  TestUser,
  useTestApp,
  waitUntil,
} from '@meridian/testing';
import { FanoutService } from './fanout/fanout.service';

/** Immediate mail: queued, or already on its way. */
const MAILED_AT_ONCE = expect.stringMatching(/^(queued|sending|sent)$/);

/** Who hears about what (API.md's table), with pages of 3 recipients so every fan-out spans several pages. */
describe('Notification recipients', () => {
  const t = useTestApp({ env: { NOTIFICATION_PAGE_SIZE: '3' } });
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  async function fanOut(event: Parameters<typeof recordOutboxEvent>[1]): Promise<Map<string, { type: string; email_state: string }>> {
    const id = await recordOutboxEvent(t, event);
    await waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [id]))[0].state === 'done', { what: `event ${id} done` });
    const rows = await db.query(`SELECT recipient_id, type, email_state FROM notification WHERE source_event_id = $1`, [id]);
    return new Map(rows.map((row: { recipient_id: string; type: string; email_state: string }) => [row.recipient_id, row]));
  }

  const users = (n: number) => Promise.all(Array.from({ length: n }, () => createUser(t)));
  const subscribe = (table: 'working_group_subscription' | 'thread_subscription', column: string, id: string, user: TestUser, level: string) =>
    db.query(`INSERT INTO ${table} (user_id, ${column}, level) VALUES ($1, $2, $3)`, [user.id, id, level]);

  it('tells active members about a new thread, except the author, muters and non-members; group watchers are mailed at once', async () => {
    const [author, watcher, muter, pending, outsider, ...members] = await users(9);
    const group = await createGroup(t, { chair: author, members: [watcher, muter, ...members] });
    await addMember(t, group, pending, { state: 'pending' });
    await subscribe('working_group_subscription', 'working_group_id', group.id, watcher, 'watching');
    await subscribe('working_group_subscription', 'working_group_id', group.id, muter, 'muted');
    const thread = await createThread(t, group, author, { title: 'Remittance corridors', body: 'What do transfers cost?' });

    const notified = await fanOut({
      type: 'thread.created',
      payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: author.id, title: thread.title },
      actorId: author.id,
    });
    expect([...notified.keys()].sort()).toEqual([watcher, ...members].map((u) => u.id).sort());
    expect(notified.get(watcher.id)?.email_state).toEqual(MAILED_AT_ONCE);
    expect(notified.get(members[0].id)).toEqual(expect.objectContaining({ type: 'thread.created', email_state: 'daily' }));
    for (const excluded of [author, muter, pending, outsider]) expect(notified.has(excluded.id)).toBe(false);
    const [row] = await db.query(`SELECT payload, link FROM notification WHERE recipient_id = $1`, [members[0].id]);
    expect(row.payload).toMatchObject({ groupName: group.name, threadTitle: 'Remittance corridors', excerpt: 'What do transfers cost?' });
    expect(row.link).toBe(`/threads/${thread.id}?post=${thread.firstPostId}`);
  });

  it('notifies a reply’s parent author once even when also mentioned, mentioned users, and watchers of the thread or group', async () => {
    const [chair, parentAuthor, replier, mentioned, threadWatcher, groupWatcher, mutedThreadWatcher, plainMember] = await users(8);
    const group = await createGroup(t, { chair, members: [parentAuthor, replier, mentioned, threadWatcher, groupWatcher, mutedThreadWatcher, plainMember] });
    const thread = await createThread(t, group, parentAuthor);
    await subscribe('thread_subscription', 'thread_id', thread.id, threadWatcher, 'watching');
    await subscribe('working_group_subscription', 'working_group_id', group.id, groupWatcher, 'watching');
    await subscribe('working_group_subscription', 'working_group_id', group.id, mutedThreadWatcher, 'watching');
    await subscribe('thread_subscription', 'thread_id', thread.id, mutedThreadWatcher, 'muted');
    await subscribe('thread_subscription', 'thread_id', thread.id, replier, 'watching');

    const notified = await fanOut({
      type: 'post.created',
      payload: {
        postId: thread.firstPostId,
        threadId: thread.id,
        workingGroupId: group.id,
        authorId: replier.id,
        parentPostId: thread.firstPostId,
        parentAuthorId: parentAuthor.id,
        mentionedUserIds: [parentAuthor.id, mentioned.id],
      },
      actorId: replier.id,
    });
    expect(Object.fromEntries([...notified].map(([id, row]) => [id, row.type]))).toEqual({
      [parentAuthor.id]: 'post.replied',
      [mentioned.id]: 'post.mentioned',
      [threadWatcher.id]: 'post.created',
      [groupWatcher.id]: 'post.created',
    });
    expect(notified.get(parentAuthor.id)?.email_state).toEqual(MAILED_AT_ONCE);
    expect(notified.get(threadWatcher.id)?.email_state).toBe('daily');
  });

  it('sends announcements to every active member, muters included, by mail at once even when they chose the digest', async () => {
    const [chair, muter, digestReader] = await users(3);
    const group = await createGroup(t, { chair, members: [muter, digestReader] });
    await subscribe('working_group_subscription', 'working_group_id', group.id, muter, 'muted');
    await db.query(`INSERT INTO notification_preference (user_id, type, in_app, email) VALUES ($1, 'group.announcement', 'immediate', 'daily')`, [digestReader.id]);
    const thread = await createThread(t, group, chair);
    const notified = await fanOut({
      type: 'group.announcement',
      payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: chair.id, title: thread.title },
      actorId: chair.id,
    });
    expect([...notified.keys()].sort()).toEqual([muter.id, digestReader.id].sort());
    expect(notified.get(digestReader.id)?.email_state).toEqual(MAILED_AT_ONCE);
  });

  it('tells chairs and co-chairs about join requests, and the member about invitations and approvals', async () => {
    const [chair, coChair, member, applicant] = await users(4);
    const group = await createGroup(t, { chair, members: [member] });
    await addMember(t, group, coChair, { role: 'co_chair' });
    const requested = await fanOut({ type: 'membership.requested', payload: { workingGroupId: group.id, userId: applicant.id }, actorId: applicant.id });
    expect([...requested.keys()].sort()).toEqual([chair.id, coChair.id].sort());
    const [row] = await db.query(`SELECT payload FROM notification WHERE recipient_id = $1 AND type = 'membership.requested'`, [chair.id]);
    expect(row.payload).toMatchObject({ memberName: applicant.displayName, groupName: group.name });

    const invited = await fanOut({ type: 'membership.invited', payload: { workingGroupId: group.id, userId: applicant.id, invitedById: chair.id, role: 'member' }, actorId: chair.id });
    expect([...invited.entries()]).toEqual([[applicant.id, expect.objectContaining({ type: 'membership.invited', email_state: MAILED_AT_ONCE })]]);
    const approved = await fanOut({ type: 'membership.approved', payload: { workingGroupId: group.id, userId: applicant.id, approvedById: chair.id }, actorId: chair.id });
    expect([...approved.keys()]).toEqual([applicant.id]);
  });

  it('writes one notification per recipient when the same event is fanned out twice', async () => {
    const [chair, ...members] = await users(8);
    const group = await createGroup(t, { chair, members });
    const thread = await createThread(t, group, chair);
    const event = {
      type: 'thread.created' as const,
      payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: chair.id, title: thread.title },
      actorId: chair.id,
    };
    const id = await recordOutboxEvent(t, event);
    await waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [id]))[0].state === 'done');
    // As if Redis had lost the job and the relay re-delivered it.
    await db.query(`UPDATE outbox_event SET state = 'relayed', relayed_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    await t.app.get(FanoutService).fanOut(id, null, async () => undefined);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM notification WHERE source_event_id = $1`, [id]);
    expect(count).toBe(members.length);
  });
});
