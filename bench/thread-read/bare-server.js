/**
 * The reference: Fastify + pg (pool 10) serving GET /api/v1/threads/:id/posts with the same JWT verification as
 * Meridian (jsonwebtoken, HS256, iss/aud, KeyObject secret) and the same SQL — literally: it calls Meridian's compiled
 * DiscussionsRepository (dist/) on a pg pool, in the order PostsService.list does (visible thread, then the page),
 * and maps rows with the same toPostDto/toPage. What it leaves out is the framework: Nest, guards, pipes,
 * interceptors, TypeORM's DataSource (the repository's Database handles are the pool), logging.
 */
const { join } = require('node:path');
const Fastify = require('fastify');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const { JWT_KEY, JWT_OPTIONS, ROOT } = require('../lib/harness');

const dist = (path) => require(join(ROOT, 'dist', path));
const { DiscussionsRepository } = dist('libs/discussions/src/discussions.repository.js');
const { toPostDto } = dist('libs/discussions/src/discussion.mapper.js');
const { decodeCursor, toPage } = dist('libs/common/src/pagination.js');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const sql = { query: async (text, params) => (await pool.query(text, params)).rows };
// Meridian's Database hands out read and write handles; here both are the pg pool.
const repository = new DiscussionsRepository({ read: () => sql, write: () => sql });
const verifyOptions = { algorithms: [JWT_OPTIONS.algorithm], issuer: JWT_OPTIONS.issuer, audience: JWT_OPTIONS.audience };
const app = Fastify({ logger: false });

app.get('/health', async () => 'ok');
app.get('/api/v1/threads/:id/posts', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  let claims;
  try {
    claims = jwt.verify(header.startsWith('Bearer ') ? header.slice(7) : '', JWT_KEY, verifyOptions);
  } catch {
    return reply.code(401).send({ error: { code: 'UNAUTHORIZED' } });
  }
  const user = { id: claims.sub, platformRole: claims.role };
  const limit = Math.min(100, Math.max(1, Number(request.query.limit ?? 20)));
  const thread = await repository.findThread(request.params.id, user);
  if (!thread) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Thread not found' } });
  const [afterSeq] = decodeCursor(request.query.cursor, 1) ?? [0];
  const rows = await repository.listPosts(thread.id, user.id, afterSeq, limit);
  return toPage(rows, limit, (row) => [row.seq], toPostDto);
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => pool.end()).finally(() => process.exit(0)));
