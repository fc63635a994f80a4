/**
 * The reference: plain socket.io 4.8 (same version as Meridian), no auth, no database. Clients join the room with
 * `join`; POST /emit?seq=n emits a post-sized `post.created` to it, stamped with the emit time. With
 * REDIS_URL + STREAM it uses the same Redis Streams adapter as Meridian (the two-instance comparison).
 */
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT);
const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname === '/health') return response.end('ok');
  if (url.pathname === '/emit' && request.method === 'POST') {
    const seq = Number(url.searchParams.get('seq'));
    const room = url.searchParams.get('room');
    io.of('/realtime').to(room).emit('post.created', { threadId: url.searchParams.get('threadId'), post: samplePost(seq, url.searchParams.get('threadId')) });
    response.statusCode = 204;
    return response.end();
  }
  response.statusCode = 404;
  response.end();
});

const io = new Server(server, {
  path: '/socket.io',
  connectionStateRecovery: { maxDisconnectionDuration: 120000, skipMiddlewares: false },
});
if (process.env.REDIS_URL && process.env.STREAM) {
  const { Redis } = require('ioredis');
  const { createAdapter } = require('@socket.io/redis-streams-adapter');
  io.adapter(createAdapter(new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null }), { streamName: process.env.STREAM }));
}
io.of('/realtime').on('connection', (socket) => {
  socket.on('subscribe', ({ room }, ack) => {
    socket.join(room);
    if (typeof ack === 'function') ack({ ok: true });
  });
});

/** Roughly the size and shape of Meridian's post JSON. */
function samplePost(seq, threadId) {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    threadId,
    parentId: null,
    author: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Bench Poster', handle: 'bench_poster', organisation: { id: '00000000-0000-4000-8000-000000000002', name: 'Bench Organisation' } },
    body: `fan-out message ${seq}`,
    bodyHtml: `<p>fan-out message ${seq}</p>`,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deleted: false,
    reactions: [],
    seq,
    sentAt: Date.now(),
  };
}

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
