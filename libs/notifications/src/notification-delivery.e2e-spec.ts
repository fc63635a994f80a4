import { DataSource } from 'typeorm';
import {
  createApprovedOrganisation,
  createGroup,
  createThread,
  createUser,
  recordOutboxEvent,
  TestUser,
  useTestApp,
  waitUntil,
} from '@meridian/testing';
import { Clock } from './clock';
import { DigestService } from './digest/digest.service';
import { NotificationEmailService } from './email/notification-email.service';

describe('Notification mail', () => {
  const t = useTestApp({ env: { NOTIFICATION_EMAIL_DAILY_CAP: '3' } });
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  const ledger = (sourceId: string, userId: string) =>
    db.query(`SELECT state, attempts, kind FROM email_ledger WHERE source_id = $1 AND recipient_id = $2`, [sourceId, userId]).then((rows) => rows[0]);

  async function approveOrganisationOf(owner: TestUser): Promise<string> {
    const organisation = await createApprovedOrganisation(t, owner);
    return recordOutboxEvent(t, { type: 'organisation.approved', payload: { organisationId: organisation.id, name: organisation.name } });
  }

  it('retries while the SMTP server is down and delivers once it is back', async () => {
    const owner = await createUser(t);
    const port = t.mail.port;
    await t.mail.stop();
    try {
      const eventId = await approveOrganisationOf(owner);
      await waitUntil(async () => (await ledger(eventId, owner.id))?.state === 'failed', { what: 'a failed send' });
    } finally {
      await t.mail.start(port);
    }
    await t.mail.waitFor((mail) => mail.to.includes(owner.email), 20000);
    await waitUntil(async () => (await ledger((await db.query(`SELECT source_event_id FROM notification WHERE recipient_id = $1`, [owner.id]))[0].source_event_id, owner.id))?.state === 'sent');
    expect(t.mail.messages.filter((mail) => mail.to.includes(owner.email))).toHaveLength(1);
  }, 40000);

  it('never sends again after a crash mid-send: the retry marks the ledger row unknown', async () => {
    const owner = await createUser(t);
    await db.query(`INSERT INTO notification_preference (user_id, type, in_app, email) VALUES ($1, 'organisation.approved', 'immediate', 'daily')`, [owner.id]);
    const eventId = await approveOrganisationOf(owner);
    await waitUntil(async () => (await db.query(`SELECT 1 FROM notification WHERE source_event_id = $1`, [eventId])).length === 1);
    // What a worker killed between "sending" and "sent" leaves behind.
    await db.query(`UPDATE notification SET email_state = 'sending' WHERE source_event_id = $1`, [eventId]);
    await db.query(`INSERT INTO email_ledger (source_id, recipient_id, kind, state) VALUES ($1, $2, 'immediate', 'sending')`, [eventId, owner.id]);

    expect(await t.app.get(NotificationEmailService).sendImmediate(eventId, owner.id)).toBe('unknown');
    expect(await ledger(eventId, owner.id)).toMatchObject({ state: 'unknown' });
    expect(await t.app.get(NotificationEmailService).sendImmediate(eventId, owner.id)).toBe('skipped');
    expect(t.mail.messages.filter((mail) => mail.to.includes(owner.email))).toHaveLength(0);
  });

  it('holds runaway mail at the daily cap and leaves the rest for the next digest', async () => {
    const owner = await createUser(t);
    const events: string[] = [];
    for (let i = 0; i < 5; i++) events.push(await approveOrganisationOf(owner));
    await waitUntil(async () => {
      const rows = await db.query(`SELECT email_state FROM notification WHERE recipient_id = $1`, [owner.id]);
      return rows.length === 5 && rows.every((row: { email_state: string }) => ['sent', 'daily'].includes(row.email_state));
    }, { what: 'every mail sent or deferred' });
    const states = (await db.query(`SELECT email_state FROM notification WHERE recipient_id = $1`, [owner.id])).map((row: { email_state: string }) => row.email_state).sort();
    expect(states).toEqual(['daily', 'daily', 'sent', 'sent', 'sent']);
    expect(t.mail.messages.filter((mail) => mail.to.includes(owner.email))).toHaveLength(3);
  });

  it('sends one daily digest at 07:00 in the user’s time zone, grouped by group and thread, never repeating an item', async () => {
    const reader = await createUser(t, { platformRole: 'secretariat', timezone: 'Asia/Manila' });
    const author = await createUser(t);
    const group = await createGroup(t, { name: 'Labour Migration Governance', chair: author, members: [reader] });
    const thread = await createThread(t, group, author, { title: 'Recruitment fees in the Gulf corridor', body: 'Who pays the fees?' });
    const organisation = await createApprovedOrganisation(t, null, { status: 'applied', name: 'Mekong Migration Network' });
    const events = [
      await recordOutboxEvent(t, { type: 'organisation.applied', payload: { organisationId: organisation.id, name: organisation.name } }),
      await recordOutboxEvent(t, {
        type: 'thread.created',
        payload: { threadId: thread.id, workingGroupId: group.id, postId: thread.firstPostId, authorId: author.id, title: thread.title },
        actorId: author.id,
      }),
    ];
    await waitUntil(async () => (await db.query(`SELECT 1 FROM notification WHERE recipient_id = $1 AND email_state = 'daily'`, [reader.id])).length === events.length);

    // Manila is UTC+8 all year: 07:10 there is 23:10 UTC. Take the first one at least 20 minutes ahead.
    const sevenTen = new Date();
    sevenTen.setUTCHours(23, 10, 0, 0);
    if (sevenTen.getTime() - 20 * 60000 <= Date.now()) sevenTen.setUTCDate(sevenTen.getUTCDate() + 1);
    const clock = jest.spyOn(t.app.get(Clock), 'now');
    try {
      clock.mockReturnValue(new Date(sevenTen.getTime() - 20 * 60000));
      await t.app.get(DigestService).scan();
      expect(await db.query(`SELECT 1 FROM email_ledger WHERE recipient_id = $1`, [reader.id])).toEqual([]);

      clock.mockReturnValue(sevenTen);
      await t.app.get(DigestService).scan();
      const digest = await t.mail.waitFor((mail) => mail.to.includes(reader.email) && /daily Meridian digest/.test(mail.subject));
      expect(digest.subject).toContain('2 updates');
      expect(digest.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      const text = digest.text.replace(/\r\n/g, '\n');
      expect(text).toContain('== Labour Migration Governance ==');
      expect(text).toContain('# Recruitment fees in the Gulf corridor');
      expect(text).toContain('Who pays the fees?');
      expect(text).toContain('== Across the network ==');
      expect(text.indexOf('Labour Migration Governance')).toBeLessThan(text.indexOf('Across the network'));
      expect(text).toContain('Mekong Migration Network applied to join the network');

      const localDate = new Date(sevenTen.getTime() + 8 * 3600000).toISOString().slice(0, 10);
      await waitUntil(async () => (await ledger('digest', reader.id))?.state === 'sent');
      expect(await ledger('digest', reader.id)).toMatchObject({ kind: `digest:${localDate}` });
      const states = await db.query(`SELECT DISTINCT email_state, digest_key FROM notification WHERE recipient_id = $1`, [reader.id]);
      expect(states).toEqual([{ email_state: 'digested', digest_key: `digest:${localDate}` }]);

      // A later scan the same morning (or the next day, with nothing new) sends nothing more.
      await t.app.get(DigestService).scan();
      clock.mockReturnValue(new Date(sevenTen.getTime() + 24 * 3600000));
      await t.app.get(DigestService).scan();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.mail.messages.filter((mail) => mail.to.includes(reader.email))).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
  });
});
