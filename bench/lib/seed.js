/**
 * Bench data: users and their approved organisation by SQL (foundation tables), working groups and threads through
 * Meridian's HTTP API (the contract, so the bench does not track the discussions schema beyond the post table).
 */
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { signToken } = require('./harness');

/** Precomputed argon2id of an unused password: bench users never log in, they get signed tokens. */
const PASSWORD_HASH = '$argon2id$v=19$m=19456,p=1,t=2$WSeaGEboEqZHg2W5jacMlw$BzfFOTerWFlzFDOVa354Wwz5QDKvALaIay/AHTrM1D4';

async function withClient(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `count` active, verified members of one approved organisation, each with a session and a 2-hour access token. */
async function createNetworkUsers(databaseUrl, count, { platformRole = 'member', prefix = 'bench' } = {}) {
  return withClient(databaseUrl, async (db) => {
    const tag = randomUUID().slice(0, 8);
    const { rows: users } = await db.query(
      `INSERT INTO app_user (email, password_hash, display_name, handle, platform_role, status, timezone, email_verified_at)
       SELECT '${prefix}-' || $1 || '-' || n || '@example.org', $2, 'Bench User ' || n, '${prefix}_' || $1 || '_' || n, $3, 'active', 'UTC', now()
       FROM generate_series(1, $4) AS n ORDER BY n RETURNING id, platform_role AS "platformRole"`,
      [tag, PASSWORD_HASH, platformRole, count],
    );
    const { rows: [organisation] } = await db.query(
      `INSERT INTO organisation (name, type, country, status, approved_at) VALUES ($1, 'research_institute', 'TH', 'approved', now()) RETURNING id`,
      [`Bench Institute ${tag}`],
    );
    await db.query(
      `INSERT INTO organisation_membership (organisation_id, user_id, role) SELECT $1, id, 'member' FROM unnest($2::uuid[]) AS id`,
      [organisation.id, users.map((user) => user.id)],
    );
    const { rows: sessions } = await db.query(
      `INSERT INTO auth_session (user_id, user_agent, ip, last_used_at, expires_at)
       SELECT id, 'bench', '127.0.0.1', now(), now() + interval '1 day' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) ORDER BY n RETURNING id, user_id`,
      [users.map((user) => user.id)],
    );
    const sessionOf = new Map(sessions.map((session) => [session.user_id, session.id]));
    return users.map((user) => ({ ...user, token: signToken(user, sessionOf.get(user.id), 7200) }));
  });
}

/**
 * A network-visible, open, active working group inserted by SQL, with `chairIds` as chairs and `memberIds` as members
 * (all active); `watcherIds` watch it (they get new threads by mail at once). Returns its id.
 */
async function insertGroup(db, { slug, name, chairIds = [], memberIds = [], watcherIds = [] }) {
  const { rows: [group] } = await db.query(
    `INSERT INTO working_group (slug, name, mandate, visibility, join_policy, gcm_objectives, countries, status)
     VALUES ($1, $2, 'Benchmark group', 'network', 'open', '{1}', '{TH}', 'active') RETURNING id`,
    [slug, name],
  );
  await db.query(
    `INSERT INTO working_group_membership (working_group_id, user_id, role, state, joined_at)
     SELECT $1::uuid, id, 'chair', 'active', now() FROM unnest($2::uuid[]) AS id
     UNION ALL SELECT $1::uuid, id, 'member', 'active', now() FROM unnest($3::uuid[]) AS id`,
    [group.id, chairIds, memberIds],
  );
  await db.query(
    `INSERT INTO working_group_subscription (user_id, working_group_id, level) SELECT id, $1::uuid, 'watching' FROM unnest($2::uuid[]) AS id`,
    [group.id, watcherIds],
  );
  return group.id;
}

/** A thread of `posts` posts (one second apart, the last one now) by `authorIds` in turn, inserted by SQL; returns its id. */
async function insertThread(db, { groupId, authorIds, title, posts = 1 }) {
  const { rows: [thread] } = await db.query(
    `INSERT INTO thread (working_group_id, title, author_id, post_count, last_post_seq) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [groupId, title, authorIds[0], posts],
  );
  await db.query(
    `INSERT INTO post (thread_id, seq, author_id, body, body_html, created_at)
     SELECT $1, n, ($2::uuid[])[1 + (n - 1) % array_length($2::uuid[], 1)],
            'Post number ' || n || ' on labour migration governance, with a few sentences of ordinary length to read.',
            '<p>Post number ' || n || ' on labour migration governance, with a few sentences of ordinary length to read.</p>',
            now() - make_interval(secs => $3 - n)
     FROM generate_series(1, $3::int) AS n`,
    [thread.id, authorIds, posts],
  );
  return thread.id;
}

async function api(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A network-visible, open working group chaired by `chair`, with one thread by them. */
async function createGroupWithThread(baseUrl, secretariat, chair, name) {
  const group = await api(baseUrl, secretariat.token, 'POST', '/working-groups', {
    name,
    mandate: 'Benchmark group',
    visibility: 'network',
    joinPolicy: 'open',
    gcmObjectives: [1],
    countries: ['TH'],
    chairIds: [chair.id],
  });
  const thread = await api(baseUrl, chair.token, 'POST', `/working-groups/${group.id}/threads`, { title: `${name}: thread`, body: 'First post' });
  return { group, thread };
}

/** Every user joins the (open) group, `concurrency` requests at a time. */
async function joinAll(baseUrl, groupId, users, concurrency = 16) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next++];
        await api(baseUrl, user.token, 'POST', `/working-groups/${groupId}/join`);
      }
    }),
  );
}

module.exports = { withClient, createNetworkUsers, insertGroup, insertThread, api, createGroupWithThread, joinAll };
