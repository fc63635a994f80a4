import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RealtimePublisher } from '@meridian/realtime';
import {
  createApprovedOrganisation,
  createSignedInUser,
  createUser,
  loginAs,
  recordOutboxEvent,
  useTestApp,
  waitUntil,
} from '@meridian/testing';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@meridian/queue';
import type { Queue } from 'bullmq';
import { UnsubscribeTokens } from './email/unsubscribe-token';

describe('Notifications', () => {
  const t = useTestApp();
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  const notificationsOf = (userId: string, type?: string) =>
    db.query(`SELECT * FROM notification WHERE recipient_id = $1 ${type ? 'AND type = $2' : ''} ORDER BY created_at`, type ? [userId, type] : [userId]);

  const eventDone = (id: string) => waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [id]))[0].state === 'done', { what: `outbox event ${id} done` });

  it('tells the secretariat and admins in-app when an organisation applies, and pushes it to their sockets', async () => {
    const secretariat = await createSignedInUser(t, { platformRole: 'secretariat' });
    const admin = await createSignedInUser(t, { platformRole: 'admin' });
    const member = await createSignedInUser(t);
    const applicant = await createUser(t);
    const pushes: { rooms: string[]; event: string; payload: unknown }[] = [];
    const emit = jest.spyOn(t.app.get(RealtimePublisher), 'emit').mockImplementation((rooms, event, payload) => void pushes.push({ rooms, event, payload }));
    try {
      const organisation = await createApprovedOrganisation(t, applicant, { status: 'applied' });
      const eventId = await recordOutboxEvent(t, { type: 'organisation.applied', payload: { organisationId: organisation.id, name: organisation.name }, actorId: applicant.id });
      await eventDone(eventId);

      const response = await request(t.server).get('/api/v1/notifications').set(secretariat.auth).expect(200);
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.items).toEqual([
        expect.objectContaining({
          type: 'organisation.applied',
          title: `${organisation.name} applied to join the network`,
          link: `/organisations/${organisation.id}`,
          readAt: null,
          data: expect.objectContaining({ organisationId: organisation.id, actorName: applicant.displayName }),
        }),
      ]);
      expect(await notificationsOf(admin.user.id, 'organisation.applied')).toHaveLength(1);
      const me = await request(t.server).get('/api/v1/me').set(secretariat.auth).expect(200);
      expect(me.body.unreadNotificationCount).toBe(1);
      expect(await notificationsOf(member.user.id)).toHaveLength(0);
      expect(await notificationsOf(applicant.id)).toHaveLength(0);
      expect(pushes).toContainEqual({ rooms: [`user:${secretariat.user.id}`], event: 'notification.new', payload: { notification: response.body.items[0] } });
      // organisation.applied mails the secretariat in the daily digest, not at once.
      expect((await notificationsOf(secretariat.user.id))[0].email_state).toBe('daily');
    } finally {
      emit.mockRestore();
    }
  });

  it('mails the owners at once when their organisation is approved, with a one-click unsubscribe', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    const secretariat = await createUser(t, { platformRole: 'secretariat' });
    const eventId = await recordOutboxEvent(t, { type: 'organisation.approved', payload: { organisationId: organisation.id, name: organisation.name }, actorId: secretariat.id });

    const mail = await t.mail.waitFor((m) => m.to.includes(owner.user.email) && m.subject.includes('was approved'));
    expect(mail.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/meridian\.test\/api\/v1\/unsubscribe\?token=[^>]+>/m);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(mail.text).toContain(`http://meridian.test/organisations/${organisation.id}`);
    await eventDone(eventId);
    await waitUntil(async () => (await db.query(`SELECT state FROM email_ledger WHERE source_id = $1`, [eventId]))[0]?.state === 'sent', { what: 'ledger sent' });
    expect((await notificationsOf(owner.user.id))[0].email_state).toBe('sent');
  });

  it('honours preferences: in-app off writes nothing, email daily sends no immediate mail', async () => {
    const quiet = await createSignedInUser(t);
    const digestReader = await createSignedInUser(t);
    await request(t.server).put('/api/v1/me/notification-preferences').set(quiet.auth).send({ 'organisation.approved': { inApp: 'off', email: 'off' } }).expect(200);
    const saved = await request(t.server).put('/api/v1/me/notification-preferences').set(digestReader.auth).send({ 'organisation.approved': { email: 'daily' } }).expect(200);
    expect(saved.body['organisation.approved']).toEqual({ inApp: 'immediate', email: 'daily' });
    expect(saved.body['post.replied']).toEqual({ inApp: 'immediate', email: 'immediate' });

    const organisation = await createApprovedOrganisation(t, quiet.user);
    await db.query(`INSERT INTO organisation_membership (organisation_id, user_id, role) VALUES ($1, $2, 'owner')`, [organisation.id, digestReader.user.id]);
    const eventId = await recordOutboxEvent(t, { type: 'organisation.approved', payload: { organisationId: organisation.id, name: organisation.name } });
    await eventDone(eventId);

    expect(await notificationsOf(quiet.user.id)).toHaveLength(0);
    const [row] = await notificationsOf(digestReader.user.id);
    expect(row).toMatchObject({ type: 'organisation.approved', email_state: 'daily', in_app: true });
    expect(await db.query(`SELECT 1 FROM email_ledger WHERE source_id = $1`, [eventId])).toHaveLength(0);
    expect(t.mail.messages.filter((m) => m.to.includes(digestReader.user.email) || m.to.includes(quiet.user.email))).toHaveLength(0);
  });

  it('lists newest first with a cursor, filters unread, and keeps read state per user (another user’s id is a 404)', async () => {
    const reader = await createSignedInUser(t, { platformRole: 'secretariat' });
    const other = await createSignedInUser(t);
    const events: string[] = [];
    for (let i = 0; i < 3; i++) {
      const organisation = await createApprovedOrganisation(t, null, { status: 'applied' });
      events.push(await recordOutboxEvent(t, { type: 'organisation.applied', payload: { organisationId: organisation.id, name: organisation.name } }));
    }
    for (const id of events) await eventDone(id);
    const mine = await waitUntil(async () => {
      const rows = await notificationsOf(reader.user.id);
      return rows.length >= 3 ? rows : null;
    });

    const first = await request(t.server).get('/api/v1/notifications?limit=2').set(reader.auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(t.server).get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`).set(reader.auth).expect(200);
    const all = [...first.body.items, ...second.body.items];
    expect(all.map((n: { id: string }) => n.id)).toEqual(mine.map((row: { id: string }) => row.id).reverse());
    await request(t.server).get('/api/v1/notifications?cursor=bogus').set(reader.auth).expect(400);

    const pushes: unknown[] = [];
    const emit = jest.spyOn(t.app.get(RealtimePublisher), 'emit').mockImplementation((rooms, event, payload) => void pushes.push({ rooms, event, payload }));
    try {
      const target = all[0].id;
      const notFound = await request(t.server).post(`/api/v1/notifications/${target}/read`).set(other.auth).expect(404);
      expect(notFound.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Notification not found' });
      await request(t.server).post('/api/v1/notifications/not-a-uuid/read').set(other.auth).expect(404);

      const read = await request(t.server).post(`/api/v1/notifications/${target}/read`).set(reader.auth).expect(200);
      expect(read.body).toMatchObject({ id: target, readAt: expect.any(String) });
      expect(pushes).toContainEqual({ rooms: [`user:${reader.user.id}`], event: 'notification.read', payload: { ids: [target] } });

      const unread = await request(t.server).get('/api/v1/notifications?unread=true&limit=100').set(reader.auth).expect(200);
      expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(target);
      await request(t.server).get('/api/v1/notifications?unread=maybe').set(reader.auth).expect(400);

      const all2 = await request(t.server).post('/api/v1/notifications/read-all').set(reader.auth).expect(200);
      expect(all2.body).toEqual({ updated: mine.length - 1 });
      expect(pushes).toContainEqual({ rooms: [`user:${reader.user.id}`], event: 'notification.read', payload: { all: true } });
      await request(t.server).post('/api/v1/notifications/read-all').set(reader.auth).expect(200, { updated: 0 });
    } finally {
      emit.mockRestore();
    }
  });

  it('answers 401 to anonymous callers', async () => {
    await request(t.server).get('/api/v1/notifications').expect(401);
    await request(t.server).post('/api/v1/notifications/read-all').expect(401);
    await request(t.server).get('/api/v1/me/notification-preferences').expect(401);
    await request(t.server).get('/api/v1/admin/queues').expect(401);
  });

  it('returns every type with its defaults and rejects unknown types and channel values naming the field', async () => {
    const user = await createSignedInUser(t);
    const defaults = await request(t.server).get('/api/v1/me/notification-preferences').set(user.auth).expect(200);
    expect(defaults.body).toMatchObject({
      'post.replied': { inApp: 'immediate', email: 'immediate' },
      'thread.created': { inApp: 'immediate', email: 'daily' },
      'organisation.applied': { inApp: 'immediate', email: 'daily' },
      'group.announcement': { inApp: 'immediate', email: 'immediate' },
    });
    expect(Object.keys(defaults.body)).toHaveLength(12);

    const unknownType = await request(t.server).put('/api/v1/me/notification-preferences').set(user.auth).send({ 'post.liked': { email: 'off' } }).expect(400);
    expect(unknownType.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknownType.body.error.details).toEqual([expect.objectContaining({ field: 'post.liked' })]);

    const badChannel = await request(t.server)
      .put('/api/v1/me/notification-preferences')
      .set(user.auth)
      .send({ 'post.replied': { email: 'hourly', sms: 'immediate' }, 'thread.created': { email: 'weekly' } })
      .expect(400);
    expect(badChannel.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['post.replied.email', 'post.replied.sms']);
    // Nothing was saved from the rejected body.
    const after = await request(t.server).get('/api/v1/me/notification-preferences').set(user.auth).expect(200);
    expect(after.body['thread.created']).toEqual({ inApp: 'immediate', email: 'daily' });
  });

  describe('unsubscribe links', () => {
    const unsubscribeUrl = (token: string) => `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`;
    const emailPreference = async (userId: string, type: string) =>
      (await db.query(`SELECT email FROM notification_preference WHERE user_id = $1 AND type = $2`, [userId, type]))[0]?.email ?? null;

    it('shows what a link turns off on GET and changes nothing', async () => {
      const user = await createUser(t);
      const token = t.app.get(UnsubscribeTokens).sign(user.id, 'post.replied');
      const page = await request(t.server).get(unsubscribeUrl(token)).set('Accept', 'text/html').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('emails about replies to your posts');
      expect(page.text).toMatch(/<form method="post"/);
      const json = await request(t.server).get(unsubscribeUrl(token)).expect(200);
      expect(json.body).toMatchObject({ target: 'post.replied', types: ['post.replied'] });
      expect(await emailPreference(user.id, 'post.replied')).toBeNull();
    });

    it('turns that type’s email off with an RFC 8058 one-click POST, without a login', async () => {
      const user = await loginAs(t, await createUser(t));
      const token = t.app.get(UnsubscribeTokens).sign(user.user.id, 'post.replied');
      await request(t.server)
        .post(unsubscribeUrl(token))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      const preferences = await request(t.server).get('/api/v1/me/notification-preferences').set(user.auth).expect(200);
      expect(preferences.body['post.replied']).toEqual({ inApp: 'immediate', email: 'off' });
      expect(preferences.body['post.mentioned']).toEqual({ inApp: 'immediate', email: 'immediate' });
    });

    it('turns a whole digest off from a digest mail', async () => {
      const user = await createUser(t);
      await request(t.server).post(unsubscribeUrl(t.app.get(UnsubscribeTokens).sign(user.id, 'digest.daily'))).expect(200);
      expect(await emailPreference(user.id, 'thread.created')).toBe('off');
      expect(await emailPreference(user.id, 'organisation.applied')).toBe('off');
      expect(await emailPreference(user.id, 'post.replied')).toBeNull();
    });

    it('rejects tampered and expired tokens with 400 (a page for browsers) and changes nothing', async () => {
      const user = await createUser(t);
      const tokens = t.app.get(UnsubscribeTokens);
      const valid = tokens.sign(user.id, 'post.mentioned');
      const [body, signature] = valid.split('.');
      const otherUser = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), t: 'post.replied' })).toString('base64url');
      const tampered = `${otherUser}.${signature}`;
      const expired = tokens.sign(user.id, 'post.mentioned', new Date(Date.now() - 91 * 24 * 3600 * 1000));

      for (const token of [tampered, expired, 'garbage', `${body}.${signature}x`]) {
        const json = await request(t.server).post(unsubscribeUrl(token)).expect(400);
        expect(json.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'token', message: expect.stringMatching(/not valid or has expired/) }] });
        const html = await request(t.server).post(unsubscribeUrl(token)).set('Accept', 'text/html,application/xhtml+xml').expect(400);
        expect(html.headers['content-type']).toMatch(/text\/html/);
        expect(html.text).toContain('Nothing was changed');
      }
      await request(t.server).post('/api/v1/unsubscribe').expect(400);
      await request(t.server).get(unsubscribeUrl(tampered)).expect(400);
      expect(await db.query(`SELECT * FROM notification_preference WHERE user_id = $1`, [user.id])).toEqual([]);
    });
  });

  describe('GET /admin/queues', () => {
    it('shows the secretariat per-queue counts and lets it retry a failed job; members get 403', async () => {
      const member = await createSignedInUser(t);
      await request(t.server).get('/api/v1/admin/queues').set(member.auth).expect(403);
      const secretariat = await createSignedInUser(t, { platformRole: 'secretariat' });
      const overview = await request(t.server).get('/api/v1/admin/queues').set(secretariat.auth).expect(200);
      expect(overview.body.queues.map((q: { name: string }) => q.name)).toEqual(['mail', 'notification-fanout', 'notification-email', 'notification-digest']);
      expect(overview.body.queues[0]).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number), lastFailures: expect.any(Array) }));
      expect(overview.body).toEqual(expect.objectContaining({ unknownMail: expect.any(Array), unknownMailCount: expect.any(Number) }));

      await request(t.server).post('/api/v1/admin/queues/nope/jobs/1/retry').set(secretariat.auth).expect(404);
      await request(t.server).post('/api/v1/admin/queues/notification-email/jobs/no-such-job/retry').set(secretariat.auth).expect(404);
      await request(t.server).post('/api/v1/admin/queues/notification-email/jobs/no-such-job/retry').set(member.auth).expect(403);

      // A mail job that fails (a kind nobody composes) can be retried; one that completed (nobody left to mail) cannot.
      const mailQueue = t.app.get<Queue>(getQueueToken(QueueName.Mail));
      const failing = await mailQueue.add('send', { kind: 'no_such_kind', userId: randomUUID() }, { jobId: `retry-failing-${Date.now()}`, attempts: 1 });
      const completing = await mailQueue.add('send', { kind: 'verify_email', userId: randomUUID() }, { jobId: `retry-done-${Date.now()}`, attempts: 1, removeOnComplete: false });
      await waitUntil(async () => (await failing.getState()) === 'failed' && (await completing.getState()) === 'completed', { what: 'one failed and one completed mail job' });
      const retried = await request(t.server).post(`/api/v1/admin/queues/mail/jobs/${failing.id}/retry`).set(secretariat.auth).expect(200);
      expect(retried.body).toMatchObject({ queue: 'mail', id: failing.id });
      const [audit] = await db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [`mail/${failing.id}`]);
      expect(audit).toEqual({ action: 'queue.job_retry' });
      const refused = await request(t.server).post(`/api/v1/admin/queues/mail/jobs/${completing.id}/retry`).set(secretariat.auth).expect(409);
      expect(refused.body.error.code).toBe('INVALID_TRANSITION');
    });
  });

});
