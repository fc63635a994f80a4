/**
 * The worker as production runs it: `dist/apps/worker/src/main.js` with MERIDIAN_ROLE=worker, beside an api
 * (MERIDIAN_ROLE=api, which runs no processor) on the same PostgreSQL and Redis. What the api commits, the
 * worker delivers.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createGroupWithChair, createNetworkMember, createTestApp, MeridianProcess, startMeridianProcess, TestApp, waitUntil } from '@meridian/testing';

describe('The worker process', () => {
  let t: TestApp;
  let worker: MeridianProcess | undefined;

  beforeAll(async () => {
    t = await createTestApp({ env: { MERIDIAN_ROLE: 'api' } });
  });

  afterAll(async () => {
    await worker?.stop();
    await t.close();
  });

  it('delivers the notification of a join request the api recorded, and stops cleanly on SIGTERM', async () => {
    const { group, chair } = await createGroupWithChair(t, { joinPolicy: 'approval' });
    const applicant = await createNetworkMember(t, { displayName: 'Asha Gurung' });
    await request(t.server).post(`/api/v1/working-groups/${group.id}/join`).set(applicant.auth).expect(200);

    // The api alone relays nothing: the event waits in the outbox.
    const db = t.app.get(DataSource);
    const [event] = await db.query(`SELECT id, state FROM outbox_event WHERE type = 'membership.requested' AND payload->>'workingGroupId' = $1`, [group.id]);
    expect(event.state).toBe('pending');

    worker = await startMeridianProcess('worker', { ...t.env, MERIDIAN_ROLE: 'worker' });
    const notification = await waitUntil(
      async () => {
        const { body } = await request(t.server).get('/api/v1/notifications').set(chair.auth).expect(200);
        return (body.items as { type: string; data: Record<string, unknown> }[]).find((item) => item.type === 'membership.requested');
      },
      { timeoutMs: 20000, what: () => `the chair's membership.requested notification\n${worker?.output()}` },
    );
    expect(notification.data).toMatchObject({ workingGroupId: group.id, userId: applicant.user.id });
    // The event is done once the fan-out has written every page (just after the rows become visible).
    await waitUntil(async () => (await db.query(`SELECT state FROM outbox_event WHERE id = $1`, [event.id]))[0].state === 'done', { what: 'the outbox event to be done' });

    await worker.stop();
    expect(worker.child.exitCode).toBe(0);
    worker = undefined;
  });
});
