/**
 * Identity mail in the queue (issue 18, item 2). Reproduced before: with SMTP down, an anonymous reset request for
 * the admin left a failed job holding the whole mail — the link with its plaintext token — and GET /admin/queues
 * showed it to the secretariat, who could reset the admin's password. Now the job holds {kind, userId}; the token is
 * minted as the mail is sent and voided when SMTP refuses it.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@meridian/queue';
import { createSecretariat, createUser, loginThroughApi, tokenFromMail, useTestApp, waitUntil } from '@meridian/testing';
import type { Job, Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';

describe('Identity mail while SMTP is down', () => {
  const t = useTestApp();
  const api = '/api/v1';

  const unusedResetTokens = async (userId: string) =>
    (await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM email_token WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL`, [userId]))[0]
      .count as number;

  it('shows the secretariat no link, token or recipient of a failed reset mail, and mails a working link once SMTP is back', async () => {
    const secretariat = await createSecretariat(t);
    const admin = await createUser(t, { platformRole: 'admin' });
    const mailQueue = t.app.get<Queue>(getQueueToken(QueueName.Mail));
    const isAdminsMail = (job: Job | undefined) => !!job && [admin.id, admin.email].some((value) => JSON.stringify(job.data).includes(value));

    t.mail.refuseRecipients(true);
    let job: Job;
    try {
      await request(t.server).post(`${api}/auth/password-reset/request`).send({ email: admin.email }).expect(202);
      job = await waitUntil(async () => (await mailQueue.getJobs(['waiting', 'active', 'delayed', 'failed'])).find(isAdminsMail), { what: "the admin's reset mail job" });
      // SMTP keeps refusing: each backoff is cut short (promote) until BullMQ gives the job up as failed.
      await waitUntil(
        async () => {
          const current = await mailQueue.getJob(job.id!);
          const state = await current?.getState();
          if (state === 'delayed') await current!.promote().catch(() => undefined);
          return state === 'failed';
        },
        { timeoutMs: 30000, what: 'the reset mail job to fail' },
      );

      const overview = await request(t.server).get(`${api}/admin/queues`).set(secretariat.auth).expect(200);
      const failure = overview.body.queues.find((queue: { name: string }) => queue.name === 'mail').lastFailures.find((failed: { id: string }) => failed.id === job.id);
      expect(failure).toMatchObject({ id: job.id, name: 'send', attemptsMade: expect.any(Number), failedReason: expect.stringContaining('451') });
      expect(failure.failedReason).toContain('[address]');
      const shown = JSON.stringify(overview.body);
      expect(shown).not.toContain(admin.email);
      expect(shown).not.toContain('meridian.test/reset-password');
      expect(shown).not.toContain('token=');

      // Nor does the queue itself hold more than the kind and the user; and no token minted for a refused mail works.
      expect((await mailQueue.getJob(job.id!))!.data).toEqual({ kind: 'reset_password', userId: admin.id });
      expect(await unusedResetTokens(admin.id)).toBe(0);
    } finally {
      t.mail.refuseRecipients(false);
    }

    // SMTP is back: the secretariat retries the job, and the mail that goes out carries a link that works.
    const before = t.mail.messages.length;
    await request(t.server).post(`${api}/admin/queues/mail/jobs/${job.id}/retry`).set(secretariat.auth).expect(200);
    const token = await tokenFromMail(t, admin.email, 'reset-password', { after: before });
    expect(await unusedResetTokens(admin.id)).toBe(1);
    await request(t.server).post(`${api}/auth/password-reset/confirm`).send({ token, password: 'a-brand-new-password' }).expect(200);
    await loginThroughApi(t, admin.email, 'a-brand-new-password');
  });

  it('queues verification mail as the user and the kind, and sends none to an account verified meanwhile', async () => {
    const user = await createUser(t, { verified: false });
    const mailQueue = t.app.get<Queue>(getQueueToken(QueueName.Mail));
    t.mail.refuseRecipients(true);
    try {
      await request(t.server).post(`${api}/auth/verify-email/resend`).send({ email: user.email }).expect(202);
      const job = await waitUntil(async () => (await mailQueue.getJobs(['waiting', 'active', 'delayed', 'failed'])).find((queued) => queued.data.userId === user.id), {
        what: 'the verification mail job',
      });
      expect(job.data).toEqual({ kind: 'verify_email', userId: user.id });
      await waitUntil(async () => ((await mailQueue.getJob(job.id!))?.attemptsMade ?? 0) >= 1, { what: 'a refused attempt' });
      await t.app.get(DataSource).query(`UPDATE app_user SET email_verified_at = now() WHERE id = $1`, [user.id]);
      t.mail.refuseRecipients(false);
      await (await mailQueue.getJob(job.id!))!.promote().catch(() => undefined);
      await waitUntil(async () => (await (await mailQueue.getJob(job.id!))?.getState()) === 'completed', { what: 'the job to complete without a mail' });
      expect(t.mail.messages.filter((mail) => mail.to.includes(user.email))).toEqual([]);
    } finally {
      t.mail.refuseRecipients(false);
    }
  });
});
