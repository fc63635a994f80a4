/**
 * Fan-out: 1,000 socket.io clients subscribed to one working group; 200 posts; latency from post commit to receipt
 * and lost messages, beside plain socket.io emitting the same to the same number of clients in the same run; then
 * the same with the clients split over two instances (Meridian: two api processes on the Redis Streams adapter,
 * posts through the first; plain: two socket.io servers on the same adapter, emits through the first).
 *
 * Goal (issue 13): p95 ≤ 50 ms and ≤ 1.25 × the plain p95, p99 ≤ 100 ms, 0 lost.
 * Knobs: FANOUT_CLIENTS (1000), FANOUT_MESSAGES (200), FANOUT_GAP_MS (20, pause between posts).
 *
 * Meridian's "commit" time is the post's createdAt (the transaction's now(), set just before commit, so the figure
 * errs high by the rest of the transaction); plain socket.io's is the moment of emit.
 */
const { join } = require('node:path');
const h = require('../lib/harness');
const { createNetworkUsers, api, createGroupWithThread, joinAll } = require('../lib/seed');

const CLIENTS = Number(process.env.FANOUT_CLIENTS || 1000);
const MESSAGES = Number(process.env.FANOUT_MESSAGES || 200);
const GAP_MS = Number(process.env.FANOUT_GAP_MS || 20);

/**
 * Listens on every socket, runs `send(i)` for i in 0…MESSAGES-1 with GAP_MS between, waits for the stragglers,
 * and returns latency percentiles and the number of (client, message) pairs never received.
 */
async function measure(sockets, send, sentAt, indexOf) {
  const latencies = [];
  const received = sockets.map(() => new Uint8Array(MESSAGES));
  let total = 0;
  sockets.forEach((socket, s) => {
    socket.on('post.created', (payload) => {
      const now = Date.now();
      const i = indexOf(payload);
      if (i < 0 || i >= MESSAGES || received[s][i]) return;
      received[s][i] = 1;
      total++;
      latencies.push(now - sentAt(payload));
    });
  });
  for (let i = 0; i < MESSAGES; i++) {
    await send(i);
    await h.sleep(GAP_MS);
  }
  const expected = sockets.length * MESSAGES;
  const deadline = Date.now() + 10000;
  while (total < expected && Date.now() < deadline) await h.sleep(50);
  for (const socket of sockets) socket.off('post.created');
  return { ...h.summarise(latencies), lost: expected - total };
}

async function runPlain(label, urls, room) {
  const sockets = await h.connectSockets(urls, Array.from({ length: CLIENTS }, () => 'plain'), { room });
  const result = await measure(
    sockets,
    (i) => fetch(`${urls[0]}/emit?seq=${i}&room=${encodeURIComponent(room)}&threadId=plain`, { method: 'POST' }),
    (payload) => payload.post.sentAt,
    (payload) => payload.post.seq,
  );
  h.closeSockets(sockets);
  return { label, ...result };
}

async function runMeridian(label, urls, clients, poster, group, thread) {
  const sockets = await h.connectSockets(urls, clients.map((client) => client.token), { room: `group:${group.id}` });
  const marker = `fan-out ${label} #`;
  const result = await measure(
    sockets,
    (i) => api(urls[0], poster.token, 'POST', `/threads/${thread.id}/posts`, { body: `${marker}${i}` }),
    (payload) => Date.parse(payload.post.createdAt),
    (payload) => (typeof payload.post.body === 'string' && payload.post.body.startsWith(marker) ? Number(payload.post.body.slice(marker.length)) : -1),
  );
  h.closeSockets(sockets);
  return { label, ...result };
}

const fmt = (ms) => `${Number.isFinite(ms) ? ms.toFixed(0) : '-'} ms`;

function row(result, reference) {
  const ratio = reference ? (result.p95 / reference.p95).toFixed(2) : '';
  return [result.label, result.count, fmt(result.p50), fmt(result.p95), fmt(result.p99), fmt(result.max), result.lost, ratio];
}

/** A plain socket.io server (plain-server.js) on a free port; `url` on the result. */
async function startPlain(label, env = {}) {
  const port = await h.freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await h.startProcess(label, join(__dirname, 'plain-server.js'), { PORT: String(port), ...env }, `${url}/health`);
  return Object.assign(proc, { url });
}

async function main() {
  const prefix = h.redisPrefix('fanout');
  console.log(`fanout: ${CLIENTS} clients, ${MESSAGES} posts, ${GAP_MS} ms apart`);
  const { url } = await h.freshDatabase('fanout');
  const [secretariat] = await createNetworkUsers(url, 1, { platformRole: 'secretariat', prefix: 'sec' });
  const [poster] = await createNetworkUsers(url, 1, { prefix: 'poster' });
  const clients = await createNetworkUsers(url, CLIENTS, { prefix: 'client' });

  const meridianA = await h.startMeridian({ databaseUrl: url, queuePrefix: prefix });
  const { group, thread } = await createGroupWithThread(meridianA.baseUrl, secretariat, poster, 'Fan-out benchmark');
  await joinAll(meridianA.baseUrl, group.id, clients);

  const results = [];
  const plainA = await startPlain('plain socket.io A');
  results.push(await runPlain('plain socket.io, 1 server', [plainA.url], 'group:plain'));
  results.push(await runMeridian('Meridian, 1 api instance', [meridianA.baseUrl], clients, poster, group, thread));
  await plainA.stop();

  const meridianB = await h.startMeridian({ databaseUrl: url, queuePrefix: prefix });
  const stream = { REDIS_URL: h.REDIS_URL, STREAM: `${prefix}:plain:socket.io` };
  const plain2 = [await startPlain('plain socket.io A', stream), await startPlain('plain socket.io B', stream)];
  results.push(await runPlain('plain socket.io, 2 servers + Streams', plain2.map((server) => server.url), 'group:plain'));
  results.push(await runMeridian('Meridian, 2 api instances', [meridianA.baseUrl, meridianB.baseUrl], clients, poster, group, thread));
  for (const server of [...plain2, meridianB, meridianA]) await server.stop();

  h.printTable(
    ['scenario', 'receipts:', 'p50:', 'p95:', 'p99:', 'max:', 'lost:', 'p95 ÷ plain:'],
    [row(results[0]), row(results[1], results[0]), row(results[2]), row(results[3], results[2])],
  );
  for (const [meridian, plain] of [[results[1], results[0]], [results[3], results[2]]]) {
    const ok = meridian.p95 <= 50 && meridian.p95 <= 1.25 * plain.p95 && meridian.p99 <= 100 && meridian.lost === 0;
    console.log(`${meridian.label}: goal (p95 ≤ 50 ms and ≤ 1.25× plain, p99 ≤ 100 ms, 0 lost) ${ok ? 'met' : 'NOT met'}`);
  }
}

h.runMain(module, main);

module.exports = { runPlain, runMeridian, row };
