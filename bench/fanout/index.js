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
const { io } = require('socket.io-client');
const h = require('../lib/harness');
const { createNetworkUsers, api, createGroupWithThread, joinAll } = require('../lib/seed');

const CLIENTS = Number(process.env.FANOUT_CLIENTS || 1000);
const MESSAGES = Number(process.env.FANOUT_MESSAGES || 200);
const GAP_MS = Number(process.env.FANOUT_GAP_MS || 20);
const PORTS = { meridianA: 4311, meridianB: 4312, plainA: 4321, plainB: 4322 };

async function connectClients(urls, tokens, room) {
  const sockets = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens.slice(i, i + 50).map((token, j) => {
      const url = urls[(i + j) % urls.length];
      const socket = io(`${url}/realtime`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      return new Promise((resolve, reject) => {
        socket.once('connect_error', (error) => reject(new Error(`connect to ${url}: ${error.message} ${JSON.stringify(error.data)}`)));
        socket.once('connect', async () => {
          const ack = await socket.timeout(10000).emitWithAck('subscribe', { room });
          if (!ack.ok) return reject(new Error(`subscribe ${room}: ${JSON.stringify(ack)}`));
          resolve(socket);
        });
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

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

function closeAll(sockets) {
  for (const socket of sockets) socket.disconnect();
}

async function runPlain(label, urls, room) {
  const sockets = await connectClients(urls, Array.from({ length: CLIENTS }, () => 'plain'), room);
  const result = await measure(
    sockets,
    (i) => fetch(`${urls[0]}/emit?seq=${i}&room=${encodeURIComponent(room)}&threadId=plain`, { method: 'POST' }),
    (payload) => payload.post.sentAt,
    (payload) => payload.post.seq,
  );
  closeAll(sockets);
  return { label, ...result };
}

async function runMeridian(label, urls, clients, poster, group, thread) {
  const sockets = await connectClients(urls, clients.map((client) => client.token), `group:${group.id}`);
  const marker = `fan-out ${label} #`;
  const result = await measure(
    sockets,
    (i) => api(urls[0], poster.token, 'POST', `/threads/${thread.id}/posts`, { body: `${marker}${i}` }),
    (payload) => Date.parse(payload.post.createdAt),
    (payload) => (typeof payload.post.body === 'string' && payload.post.body.startsWith(marker) ? Number(payload.post.body.slice(marker.length)) : -1),
  );
  closeAll(sockets);
  return { label, ...result };
}

function row(result, reference) {
  const ratio = reference ? (result.p95 / reference.p95).toFixed(2) : '';
  return `| ${result.label.padEnd(36)} | ${String(result.count).padStart(7)} | ${fmt(result.p50)} | ${fmt(result.p95)} | ${fmt(result.p99)} | ${fmt(result.max)} | ${String(result.lost).padStart(4)} | ${ratio.padStart(5)} |`;
}
const fmt = (ms) => `${Number.isFinite(ms) ? ms.toFixed(0) : '-'} ms`.padStart(7);

async function main() {
  const prefix = `bench-fanout-${process.pid}`;
  h.cleanups.push(() => h.dropRedisPrefix(prefix));
  console.log(`fanout: ${CLIENTS} clients, ${MESSAGES} posts, ${GAP_MS} ms apart`);
  const { url } = await h.freshDatabase('fanout');
  const [secretariat] = await createNetworkUsers(url, 1, { platformRole: 'secretariat', prefix: 'sec' });
  const [poster] = await createNetworkUsers(url, 1, { prefix: 'poster' });
  const clients = await createNetworkUsers(url, CLIENTS, { prefix: 'client' });

  const meridianA = await h.startMeridian({ databaseUrl: url, port: PORTS.meridianA, queuePrefix: prefix });
  const base = `http://127.0.0.1:${PORTS.meridianA}`;
  const { group, thread } = await createGroupWithThread(base, secretariat, poster, 'Fan-out benchmark');
  await joinAll(base, group.id, clients);

  const plainScript = join(__dirname, 'plain-server.js');
  const plainA = await h.startProcess('plain socket.io A', plainScript, { PORT: String(PORTS.plainA) }, `http://127.0.0.1:${PORTS.plainA}/health`);
  const results = [];
  results.push(await runPlain('plain socket.io, 1 server', [`http://127.0.0.1:${PORTS.plainA}`], 'group:plain'));
  results.push(await runMeridian('Meridian, 1 api instance', [base], clients, poster, group, thread));
  await plainA.stop();

  const meridianB = await h.startMeridian({ databaseUrl: url, port: PORTS.meridianB, queuePrefix: prefix });
  const stream = `${prefix}:plain:socket.io`;
  const plain2 = [
    await h.startProcess('plain socket.io A', plainScript, { PORT: String(PORTS.plainA), REDIS_URL: h.REDIS_URL, STREAM: stream }, `http://127.0.0.1:${PORTS.plainA}/health`),
    await h.startProcess('plain socket.io B', plainScript, { PORT: String(PORTS.plainB), REDIS_URL: h.REDIS_URL, STREAM: stream }, `http://127.0.0.1:${PORTS.plainB}/health`),
  ];
  results.push(await runPlain('plain socket.io, 2 servers + Streams', [`http://127.0.0.1:${PORTS.plainA}`, `http://127.0.0.1:${PORTS.plainB}`], 'group:plain'));
  results.push(await runMeridian('Meridian, 2 api instances', [base, `http://127.0.0.1:${PORTS.meridianB}`], clients, poster, group, thread));
  for (const server of plain2) await server.stop();
  await meridianB.stop();
  await meridianA.stop();

  console.log('\n| scenario                             | receipts |     p50 |     p95 |     p99 |     max | lost | p95 ÷ plain |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(row(results[0]));
  console.log(row(results[1], results[0]));
  console.log(row(results[2]));
  console.log(row(results[3], results[2]));
  for (const [meridian, plain] of [[results[1], results[0]], [results[3], results[2]]]) {
    const ok = meridian.p95 <= 50 && meridian.p95 <= 1.25 * plain.p95 && meridian.p99 <= 100 && meridian.lost === 0;
    console.log(`${meridian.label}: goal (p95 ≤ 50 ms and ≤ 1.25× plain, p99 ≤ 100 ms, 0 lost) ${ok ? 'met' : 'NOT met'}`);
  }
}

if (require.main === module) {
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => h.cleanup());
}

module.exports = { runPlain, runMeridian, row };
