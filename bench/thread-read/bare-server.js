/**
 * The reference: Fastify + pg (pool 10) serving GET /api/v1/threads/:id/posts with the same JWT verification as
 * Meridian (jsonwebtoken, HS256, iss/aud, KeyObject secret) and the same SQL (see sql.js), no framework layers.
 */
const Fastify = require('fastify');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const { JWT_KEY, JWT_OPTIONS } = require('../lib/harness');
const { threadVisibleSql, postsPageSql, toPost } = require('./sql');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
const verifyOptions = { algorithms: [JWT_OPTIONS.algorithm], issuer: JWT_OPTIONS.issuer, audience: JWT_OPTIONS.audience };

app.get('/health', async () => 'ok');
app.get('/api/v1/threads/:id/posts', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  let claims;
  try {
    claims = jwt.verify(header.startsWith('Bearer ') ? header.slice(7) : '', JWT_KEY, verifyOptions);
  } catch {
    return reply.code(401).send({ error: { code: 'UNAUTHORIZED' } });
  }
  const viewer = { id: claims.sub, isSecretariat: claims.role === 'secretariat' || claims.role === 'admin' };
  const limit = Math.min(100, Math.max(1, Number(request.query.limit ?? 20)));
  const visible = await pool.query(threadVisibleSql, [request.params.id, viewer.id, viewer.isSecretariat]);
  if (visible.rowCount === 0) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Thread not found' } });
  const after = request.query.afterSeq ? Number(request.query.afterSeq) : 0;
  const { rows } = await pool.query(postsPageSql, [request.params.id, after, limit + 1, viewer.id]);
  const items = rows.slice(0, limit).map(toPost);
  const nextCursor = rows.length > limit ? Buffer.from(JSON.stringify([items[items.length - 1].seq])).toString('base64url') : null;
  return { items, nextCursor };
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => pool.end()).finally(() => process.exit(0)));
