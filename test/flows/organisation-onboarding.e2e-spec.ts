/**
 * Story (a): a CSO staffer joins the network through the real HTTP API — register, verify, sign in,
 * apply for her organisation — and the secretariat approves it. Crosses identity, organisations, audit,
 * notifications (in-app + immediate mail) and the member-only guard.
 */
import request from 'supertest';
import { createSecretariat, loginThroughApi, tokenFromMail, useTestApp, waitUntil } from '@meridian/testing';

describe('Story: a CSO joins the network', () => {
  const t = useTestApp();

  const api = () => request(t.server);

  async function notificationsOf(auth: { Authorization: string }, type: string) {
    const response = await api().get('/api/v1/notifications').set(auth).expect(200);
    return (response.body.items as { type: string; data: Record<string, unknown>; readAt: string | null }[]).filter((item) => item.type === type);
  }

  it('lets a CSO staffer register, verify, apply, be approved by the secretariat, and then act as a member', async () => {
    const secretariat = await createSecretariat(t);
    const unreadBefore = (await api().get('/api/v1/me').set(secretariat.auth).expect(200)).body.unreadNotificationCount as number;

    // A public, open working group exists: joining it is a member-only action.
    const group = await api()
      .post('/api/v1/working-groups')
      .set(secretariat.auth)
      .send({ name: `Labour Mobility Dialogue ${Date.now()}`, mandate: 'Fair recruitment in the region.', visibility: 'public', joinPolicy: 'open', gcmObjectives: [6], countries: ['PH'] })
      .expect(201);

    // Maria registers; the verification mail links to PUBLIC_URL/verify-email.
    const email = `maria.santos+${Date.now()}@migrante.example.org`;
    const registered = await api()
      .post('/api/v1/auth/register')
      .send({ email, password: 'a-long-and-unusual-passphrase', displayName: 'Maria Santos', timezone: 'Asia/Manila' })
      .expect(201);
    expect(registered.body.user).toMatchObject({ email, displayName: 'Maria Santos', platformRole: 'member', emailVerified: false });
    const token = await tokenFromMail(t, email, 'verify-email');
    const mail = t.mail.messages.find((m) => m.to.includes(email))!;
    expect(mail.text).toContain('http://meridian.test/verify-email?token=');
    await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);

    const maria = await loginThroughApi(t, email, 'a-long-and-unusual-passphrase');
    expect(maria.user).toMatchObject({ email, platformRole: 'member' });
    const me = await api().get('/api/v1/me').set(maria.auth).expect(200);
    expect(me.body).toMatchObject({ emailVerified: true, organisations: [], unreadNotificationCount: 0 });

    // She applies for her organisation and becomes its owner; it is not approved yet.
    const applied = await api()
      .post('/api/v1/organisations')
      .set(maria.auth)
      .send({ name: `Migrante Philippines ${Date.now()}`, acronym: 'MP', type: 'cso', country: 'PH', website: 'https://migrante.example.org' })
      .expect(201);
    const organisation = applied.body;
    expect(organisation).toMatchObject({ status: 'applied', type: 'cso', country: 'PH' });
    const mine = await api().get('/api/v1/me').set(maria.auth).expect(200);
    expect(mine.body.organisations).toEqual([expect.objectContaining({ id: organisation.id, role: 'owner', status: 'applied' })]);

    // Before approval, member-only actions are refused.
    const refused = await api().post(`/api/v1/working-groups/${group.body.id}/join`).set(maria.auth).expect(403);
    expect(refused.body.error.code).toBe('ORGANISATION_NOT_APPROVED');
    // An applied organisation is not in the public directory.
    await api().get(`/api/v1/organisations/${organisation.id}`).expect(404);

    // The secretariat sees the application in-app, and the unread count on /me went up.
    await waitUntil(async () => (await notificationsOf(secretariat.auth, 'organisation.applied')).some((n) => n.data.organisationId === organisation.id), { what: 'organisation.applied for the secretariat' });
    const secretariatMe = await api().get('/api/v1/me').set(secretariat.auth).expect(200);
    expect(secretariatMe.body.unreadNotificationCount).toBeGreaterThan(unreadBefore);

    // Maria cannot approve her own organisation.
    expect((await api().post(`/api/v1/organisations/${organisation.id}/approve`).set(maria.auth).send({}).expect(403)).body.error.code).toBe('FORBIDDEN');

    const approved = await api()
      .post(`/api/v1/organisations/${organisation.id}/approve`)
      .set(secretariat.auth)
      .send({ reason: 'Established CSO working with migrant workers' })
      .expect(200);
    expect(approved.body).toMatchObject({ id: organisation.id, status: 'approved' });
    // Approving twice is a wrong transition.
    expect((await api().post(`/api/v1/organisations/${organisation.id}/approve`).set(secretariat.auth).send({}).expect(409)).body.error.code).toBe('INVALID_TRANSITION');

    // The owner hears about it in-app and by an immediate mail with a one-click unsubscribe.
    await waitUntil(async () => (await notificationsOf(maria.auth, 'organisation.approved')).length === 1, { what: 'organisation.approved for the owner' });
    expect((await api().get('/api/v1/me').set(maria.auth).expect(200)).body.unreadNotificationCount).toBe(1);
    const approvalMail = await t.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('approved'));
    expect(approvalMail.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/meridian\.test\/api\/v1\/unsubscribe\?token=[^>]+>/m);
    expect(approvalMail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);

    // The audit log shows who approved what, and why.
    const audit = await api().get('/api/v1/audit-log').query({ action: 'organisation.approve', targetType: 'organisation' }).set(secretariat.auth).expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'organisation.approve', actorId: secretariat.user.id, targetId: organisation.id, after: expect.objectContaining({ status: 'approved' }) }),
    );
    // Maria cannot read the audit log.
    await api().get('/api/v1/audit-log').set(maria.auth).expect(403);

    // Now the member-only action works.
    const joined = await api().post(`/api/v1/working-groups/${group.body.id}/join`).set(maria.auth).expect(200);
    expect(joined.body).toMatchObject({ userId: maria.user.id, role: 'member', state: 'active' });
    expect((await api().get(`/api/v1/organisations/${organisation.id}`).expect(200)).body.status).toBe('approved');
  });
});
