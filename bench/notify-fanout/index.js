/**
 * Notification fan-out: one new thread (POST /working-groups/:id/threads by its chair) in a group of BENCH_MEMBERS
 * (10,000) members, inserted by SQL with a precomputed password hash, all watching the group (so each also gets an
 * immediate email job) → time until every in-app row exists, until BENCH_SOCKETS (1,000) connected members got their
 * `notification.new` push, and until the email jobs are queued (the outbox event is `done` once the fan-out's last
 * addBulk returned). Meridian runs from dist/ as production does: one api, one worker, Redis, an SMTP sink.
 * In the same run, with Meridian stopped, the references STACK.md names: BullMQ's raw addBulk/drain of as many no-op
 * jobs, and one job + one INSERT per recipient (pg pool 10, worker concurrency 50).
 *
 * Goal (issue 14): in-app rows and pushes ≤ 4 s on 2 cores, email jobs queued ≤ 10 s.
 * Knobs: BENCH_MEMBERS (10000), BENCH_SOCKETS (1000), BENCH_LOG_LEVEL.
 */
const { Queue, Worker } = require('bullmq');
const h = require('../lib/harness');
const { api, createNetworkUsers, insertGroup, withClient } = require('../lib/seed');

const MEMBERS = Number(process.env.BENCH_MEMBERS || 10000);
const SOCKETS = Math.min(MEMBERS, Number(process.env.BENCH_SOCKETS || 1000));
const rate = (count, ms) => `${Math.round(count / (ms / 1000)).toLocaleString('en')}/s`;

/** The chair and MEMBERS watching members of one group (every one with a session and a token). */
async function seed(url) {
  const [chair] = await createNetworkUsers(url, 1, { prefix: 'chair' });
  const members = await createNetworkUsers(url, MEMBERS, { prefix: 'member' });
  const memberIds = members.map((member) => member.id);
  const groupId = await withClient(url, async (db) => {
    const id = await insertGroup(db, { slug: 'bench-notify-fanout', name: 'Notification fan-out benchmark', chairIds: [chair.id], memberIds, watcherIds: memberIds });
    await db.query('ANALYZE');
    return id;
  });
  return { chair, members, groupId };
}

/** Times the new thread's fan-out on a running api + worker. */
async function measureMeridian({ api: meridian, db, emailQueue, chair, members, groupId, smtp }) {
  const sockets = await h.connectSockets([meridian.baseUrl], members.slice(0, SOCKETS).map((member) => member.token));
  const pushed = new Set();
  let pushesAt = 0;
  sockets.forEach((socket, i) => {
    socket.on('notification.new', () => {
      pushed.add(i);
      if (pushed.size === SOCKETS) pushesAt = Date.now();
    });
  });

  const start = Date.now();
  const thread = await api(meridian.baseUrl, chair.token, 'POST', `/working-groups/${groupId}/threads`, { title: 'Bench thread', body: 'Opening post' });
  const createdAt = Date.now();
  const { rows: [event] } = await db.query(`SELECT id FROM outbox_event WHERE type = 'thread.created' AND payload->>'threadId' = $1`, [thread.id]);
  let rowsAt = 0;
  let doneAt = 0;
  await h.waitFor(
    async () => {
      const { rows: [state] } = await db.query(
        `SELECT (SELECT count(*)::int FROM notification WHERE source_event_id = $1) AS rows, (SELECT state FROM outbox_event WHERE id = $1) AS state`,
        [event.id],
      );
      const now = Date.now();
      if (!rowsAt && state.rows >= MEMBERS) rowsAt = now;
      if (!doneAt && state.state === 'done') doneAt = now;
      return rowsAt && doneAt && pushesAt;
    },
    () => `the fan-out (in-app rows ${rowsAt ? 'done' : 'pending'}, event ${doneAt ? 'done' : 'not done'}, pushes ${pushed.size}/${SOCKETS})`,
    { timeoutMs: 180000, intervalMs: 10 },
  );
  const counts = await emailQueue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
  h.closeSockets(sockets);
  return {
    requestMs: createdAt - start,
    rowsMs: rowsAt - start,
    pushesMs: pushesAt - start,
    queuedMs: doneAt - start,
    emailJobs: Object.values(counts).reduce((a, b) => a + b, 0),
    mailsSent: smtp.received(),
  };
}

/** addBulk of one job per item (1,000 per call), then a worker (concurrency 50) drains them with `processor`. */
async function queueReference(name, prefix, items, processor) {
  const connection = { url: h.REDIS_URL, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection, prefix });
  const start = Date.now();
  for (let i = 0; i < items.length; i += 1000) {
    await queue.addBulk(items.slice(i, i + 1000).map((data, j) => ({ name, data, opts: { jobId: `${name}-${i + j}`, removeOnComplete: true } })));
  }
  const addMs = Date.now() - start;
  let completed = 0;
  const worker = new Worker(name, processor, { connection, prefix, concurrency: 50 });
  worker.on('completed', () => completed++);
  await h.waitFor(() => completed >= items.length, `${name} drained (${completed}/${items.length})`, { timeoutMs: 300000, intervalMs: 20 });
  const totalMs = Date.now() - start;
  await worker.close();
  await queue.close();
  return { addMs, drainMs: totalMs - addMs, totalMs };
}

async function main() {
  const prefix = h.redisPrefix('notify-fanout');
  console.log(`notify-fanout: ${MEMBERS} members watching one group, ${SOCKETS} of them connected`);
  const { url } = await h.freshDatabase('notify');
  const db = h.pool(url);
  const seedStart = Date.now();
  const { chair, members, groupId } = await seed(url);
  console.log(`seeded in ${h.seconds(Date.now() - seedStart)}`);

  const smtp = await h.smtpSink();
  const env = { SMTP_URL: smtp.url, NOTIFICATION_EMAIL_DAILY_CAP: '1000000' };
  const meridian = await h.startMeridian({ databaseUrl: url, queuePrefix: prefix, env });
  const worker = await h.startWorker({ databaseUrl: url, queuePrefix: prefix, env });
  const emailQueue = new Queue('notification-email', { connection: { url: h.REDIS_URL }, prefix });
  h.cleanups.push(() => emailQueue.close());
  const fanout = await measureMeridian({ api: meridian, db, emailQueue, chair, members, groupId, smtp });
  await meridian.stop();
  await worker.stop();

  const raw = await queueReference('bench-raw', prefix, members.map((_, i) => ({ i })), async () => undefined);
  await db.query(
    `CREATE TABLE bench_one_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), event_id bigint, recipient_id uuid, payload jsonb,
       created_at timestamptz DEFAULT now(), UNIQUE (event_id, recipient_id))`,
  );
  const one = await queueReference('bench-one-insert', prefix, members.map((member) => ({ recipientId: member.id })), (job) =>
    db.query(`INSERT INTO bench_one_insert (event_id, recipient_id, payload) VALUES (1, $1, '{}') ON CONFLICT DO NOTHING`, [job.data.recipientId]),
  );

  h.printTable(
    ['measurement', 'count:', 'time:', 'rate:', 'goal'],
    [
      ['Meridian: POST the thread (201)', 1, h.seconds(fanout.requestMs), '', ''],
      ['Meridian: in-app rows written', MEMBERS, h.seconds(fanout.rowsMs), rate(MEMBERS, fanout.rowsMs), '≤ 4 s'],
      ['Meridian: socket pushes received', SOCKETS, h.seconds(fanout.pushesMs), rate(SOCKETS, fanout.pushesMs), '≤ 4 s'],
      ['Meridian: email jobs queued (event done)', fanout.emailJobs, h.seconds(fanout.queuedMs), rate(fanout.emailJobs, fanout.queuedMs), '≤ 10 s'],
      ['BullMQ raw: addBulk no-op jobs', MEMBERS, h.seconds(raw.addMs), rate(MEMBERS, raw.addMs), ''],
      ['BullMQ raw: drain no-op jobs', MEMBERS, h.seconds(raw.drainMs), rate(MEMBERS, raw.drainMs), ''],
      ['one job + one INSERT per recipient (add + drain)', MEMBERS, h.seconds(one.totalMs), rate(MEMBERS, one.totalMs), ''],
    ],
  );
  console.log(`\n(times from the POST; mails the SMTP sink had received by then: ${fanout.mailsSent})`);
  if (fanout.emailJobs < MEMBERS) console.log(`warning: ${fanout.emailJobs} email jobs found for ${MEMBERS} watching members`);
  const met = fanout.rowsMs <= 4000 && fanout.pushesMs <= 4000 && fanout.queuedMs <= 10000;
  console.log(`rows + pushes ≤ 4 s, email jobs ≤ 10 s: ${met ? 'met' : 'NOT met'}; one job per recipient took ${(one.totalMs / fanout.rowsMs).toFixed(1)}× as long as the in-app rows`);
}

h.runMain(module, main);
