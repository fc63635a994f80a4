import request from 'supertest';
import { createApprovedOrganisation, createSignedInUser, recordOutboxEvent, useTestApp } from '@meridian/testing';

/** The embedded default: BullMQ on its PostgreSQL backend runs the same relay, fan-out and mail processors. */
describe('Notifications on the PostgreSQL queue backend', () => {
  const t = useTestApp({ withoutRedis: true });

  it('delivers an organisation approval in-app and by mail without Redis', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    await recordOutboxEvent(t, { type: 'organisation.approved', payload: { organisationId: organisation.id, name: organisation.name } });

    const mail = await t.mail.waitFor((m) => m.to.includes(owner.user.email), 20000);
    expect(mail.subject).toBe(`${organisation.name} was approved`);
    const list = await request(t.server).get('/api/v1/notifications').set(owner.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ type: 'organisation.approved', readAt: null })]);
  }, 40000);
});
