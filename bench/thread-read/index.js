/**
 * Thread read: authenticated GET /threads/:id/posts (the page of 20 after post 5,000, by cursor, of a 10,000-post thread) on
 * Meridian (dist/, MERIDIAN_ROLE=api, PostgreSQL + Redis) vs a bare Fastify + pg server with the same JWT
 * verification and SQL, both driven by autocannon in the same run (50 connections, BENCH_DURATION s each,
 * after a short warm-up). Goal (issue 13): ≥ 75 % of the bare throughput, p99 ≤ 2 × bare.
 * Knobs: BENCH_DURATION (10), BENCH_CONNECTIONS (50), BENCH_LOG_LEVEL (Meridian's LOG_LEVEL, default info).
 */
const { join } = require('node:path');
const autocannon = require('autocannon');
const h = require('../lib/harness');
const { createNetworkUsers, insertGroup, insertThread, withClient } = require('../lib/seed');

const POSTS = 10000;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);

/** A network group with the reader as a member and a thread of POSTS posts by 20 authors, all by SQL. */
async function seed(url) {
  const [reader] = await createNetworkUsers(url, 1, { prefix: 'reader' });
  const authors = await createNetworkUsers(url, 20, { prefix: 'author' });
  return withClient(url, async (db) => {
    const authorIds = authors.map((author) => author.id);
    const groupId = await insertGroup(db, { slug: 'bench-thread-read', name: 'Thread read benchmark', memberIds: [reader.id, ...authorIds] });
    const threadId = await insertThread(db, { groupId, authorIds, title: 'A long discussion', posts: POSTS });
    await db.query('ANALYZE');
    return { reader, thread: { id: threadId } };
  });
}

function load(url, token, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers: { authorization: `Bearer ${token}` } }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(label, url, token) {
  const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await check.json();
  if (!check.ok || !Array.isArray(body.items) || body.items.length !== 20) throw new Error(`${label}: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
  await load(url, token, 2); // warm-up
  const result = await load(url, token, DURATION);
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

async function main() {
  const prefix = h.redisPrefix('thread-read');
  console.log(`thread-read: ${POSTS} posts, the page after post 5,000, ${CONNECTIONS} connections, ${DURATION} s each`);
  const { url } = await h.freshDatabase('thread_read');
  const { reader, thread } = await seed(url);
  // The page after post 5,000: the cursor a client gets back with the page before it.
  const path = `/api/v1/threads/${thread.id}/posts?limit=20&cursor=${Buffer.from(JSON.stringify([POSTS / 2])).toString('base64url')}`;

  const barePort = await h.freePort();
  const bare = await h.startProcess('bare fastify', join(__dirname, 'bare-server.js'), { DATABASE_URL: url, PORT: String(barePort) }, `http://127.0.0.1:${barePort}/health`);
  const bareResult = await measure('bare Fastify + pg', `http://127.0.0.1:${barePort}${path}`, reader.token);
  await bare.stop();

  const meridian = await h.startMeridian({ databaseUrl: url, queuePrefix: prefix });
  const meridianResult = await measure('Meridian', `${meridian.baseUrl}${path}`, reader.token);
  await meridian.stop();

  const ratio = meridianResult.rps / bareResult.rps;
  const p99Ratio = meridianResult.p99 / bareResult.p99;
  h.printTable(
    ['server', 'req/s:', 'p50:', 'p99:', 'non-2xx/errors:'],
    [bareResult, meridianResult].map((r) => [r.label, r.rps.toFixed(0), `${r.p50} ms`, `${r.p99} ms`, r.non2xx]),
  );
  console.log(`\nMeridian / bare: throughput ${(ratio * 100).toFixed(0)} % (goal ≥ 75 %), p99 ${p99Ratio.toFixed(2)}× (goal ≤ 2×): ${ratio >= 0.75 && p99Ratio <= 2 ? 'met' : 'NOT met'}`);
}

h.runMain(module, main);

module.exports = { seed };
