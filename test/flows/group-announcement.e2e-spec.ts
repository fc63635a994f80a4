/**
 * Story (c): a chair's announcement reaches every active member in-app and by mail at once, whatever their
 * digest preference or mute — through the real HTTP API (working groups, discussions, notifications).
 */
import request from 'supertest';
import { createNetworkMember, createSecretariat, useTestApp, waitUntil } from '@meridian/testing';

describe('Story: a chair makes an announcement', () => {
  const t = useTestApp();

  const api = () => request(t.server);
  type Auth = { Authorization: string };
  const announcementsOf = async (auth: Auth, threadId: string) =>
    ((await api().get('/api/v1/notifications').set(auth).expect(200)).body.items as { type: string; data: Record<string, unknown> }[]).filter(
      (n) => n.type === 'group.announcement' && n.data.threadId === threadId,
    );

  it('notifies every active member in-app and by immediate mail, even those on a daily digest or muting the group', async () => {
    const secretariat = await createSecretariat(t);
    const chair = await createNetworkMember(t, { displayName: 'Chair Lim' });
    const [digestReader, muter, ordinary, quiet, applicant] = await Promise.all([1, 2, 3, 4, 5].map(() => createNetworkMember(t)));

    const group = (
      await api()
        .post('/api/v1/working-groups')
        .set(secretariat.auth)
        .send({ name: `Return and Reintegration ${Date.now()}`, mandate: 'Sustainable reintegration.', visibility: 'network', joinPolicy: 'open', gcmObjectives: [21], countries: ['NP'], chairIds: [chair.user.id] })
        .expect(201)
    ).body;
    for (const member of [digestReader, muter, ordinary, quiet]) {
      expect((await api().post(`/api/v1/working-groups/${group.id}/join`).set(member.auth).expect(200)).body.state).toBe('active');
    }
    // Someone who asked to join an approval group is not a member: switch the policy, then ask.
    await api().patch(`/api/v1/working-groups/${group.id}`).set(chair.auth).send({ joinPolicy: 'approval' }).expect(200);
    expect((await api().post(`/api/v1/working-groups/${group.id}/join`).set(applicant.auth).expect(200)).body.state).toBe('pending');

    // Preferences: a daily digest of announcements, a muted group, and no announcement mail at all.
    const put = await api().put('/api/v1/me/notification-preferences').set(digestReader.auth).send({ 'group.announcement': { email: 'daily' } }).expect(200);
    expect(put.body['group.announcement']).toEqual({ inApp: 'immediate', email: 'daily' });
    await api().put(`/api/v1/working-groups/${group.id}/subscription`).set(muter.auth).send({ level: 'muted' }).expect(200);
    await api().put('/api/v1/me/notification-preferences').set(quiet.auth).send({ 'group.announcement': { email: 'off' } }).expect(200);

    // Members cannot announce; the chair can.
    await api().post(`/api/v1/working-groups/${group.id}/announcements`).set(ordinary.auth).send({ title: 'Hello all', body: 'Not a chair.' }).expect(403);
    const announcement = (
      await api()
        .post(`/api/v1/working-groups/${group.id}/announcements`)
        .set(chair.auth)
        .send({ title: 'Call for inputs: reintegration toolkit', body: 'Please send case studies by **30 June**.' })
        .expect(201)
    ).body;
    expect(announcement).toMatchObject({ isAnnouncement: true, workingGroupId: group.id, firstPost: expect.objectContaining({ seq: 1 }) });

    const members = [digestReader, muter, ordinary, quiet];
    await waitUntil(async () => (await Promise.all(members.map((m) => announcementsOf(m.auth, announcement.id)))).every((found) => found.length === 1), {
      what: 'group.announcement for every active member',
    });
    for (const member of [digestReader, muter, ordinary]) {
      const mail = await t.mail.waitFor((m) => m.to.includes(member.user.email) && m.text.includes('Call for inputs: reintegration toolkit'));
      expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    }
    // Not to the chair who wrote it, nor the pending applicant; and `off` means no mail.
    expect(await announcementsOf(chair.auth, announcement.id)).toEqual([]);
    expect(await announcementsOf(applicant.auth, announcement.id)).toEqual([]);
    // The three mails above were queued in the same fan-out page as any mail for these would have been.
    const announcementMailTo = (email: string) => t.mail.messages.filter((m) => m.to.includes(email) && m.text.includes('Call for inputs: reintegration toolkit'));
    for (const nobody of [quiet, applicant, chair]) expect(announcementMailTo(nobody.user.email)).toEqual([]);
    for (const member of [digestReader, muter, ordinary]) expect(announcementMailTo(member.user.email)).toHaveLength(1);
  });
});
