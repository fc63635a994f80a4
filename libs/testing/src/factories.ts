import { randomUUID } from 'node:crypto';
import { AuthUser, PlatformRole, TokenService } from '@meridian/auth';
import { OutboxEventInput, OutboxEventType, OutboxService } from '@meridian/outbox';
import type { OrganisationType } from '@meridian/taxonomy';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** Every factory user's password; its argon2id hash is precomputed so factories skip the ~50 ms hash. */
export const TEST_PASSWORD = 'correct-horse-battery-staple';
export const TEST_PASSWORD_HASH = '$argon2id$v=19$m=19456,p=1,t=2$WSeaGEboEqZHg2W5jacMlw$BzfFOTerWFlzFDOVa354Wwz5QDKvALaIay/AHTrM1D4';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  handle: string;
  platformRole: PlatformRole;
}

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10);

export async function createUser(
  app: TestApp,
  overrides: Partial<Omit<TestUser, 'id' | 'password'>> & { verified?: boolean; status?: 'active' | 'disabled'; timezone?: string } = {},
): Promise<TestUser> {
  const suffix = unique();
  const user = {
    email: overrides.email ?? `user-${suffix}@example.org`,
    displayName: overrides.displayName ?? `Test User ${suffix}`,
    handle: overrides.handle ?? `user_${suffix}`,
    platformRole: overrides.platformRole ?? 'member',
  };
  const [row] = await app.app.get(DataSource).query(
    `INSERT INTO app_user (email, password_hash, display_name, handle, platform_role, status, timezone, email_verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END) RETURNING id`,
    [user.email, TEST_PASSWORD_HASH, user.displayName, user.handle, user.platformRole, overrides.status ?? 'active', overrides.timezone ?? 'UTC', overrides.verified ?? true],
  );
  return { id: row.id, password: TEST_PASSWORD, ...user };
}

export interface LoggedIn {
  user: TestUser;
  accessToken: string;
  sessionId: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

/** A signed-in session without going through /auth/login (and its rate limit): a session row plus a signed access token. */
export async function loginAs(app: TestApp, user: TestUser, options: { ttlSeconds?: number } = {}): Promise<LoggedIn> {
  const [session] = await app.app.get(DataSource).query(
    `INSERT INTO auth_session (user_id, user_agent, ip, last_used_at, expires_at) VALUES ($1, 'jest', '127.0.0.1', now(), now() + interval '30 days') RETURNING id`,
    [user.id],
  );
  const accessToken = app.app.get(TokenService).signAccessToken({ id: user.id, platformRole: user.platformRole }, session.id, options.ttlSeconds);
  return { user, accessToken, sessionId: session.id, auth: { Authorization: `Bearer ${accessToken}` } };
}

export async function createSignedInUser(app: TestApp, overrides: Parameters<typeof createUser>[1] = {}): Promise<LoggedIn> {
  return loginAs(app, await createUser(app, overrides));
}

export interface TestOrganisation {
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  status: string;
}

export async function createOrganisation(
  app: TestApp,
  owner: TestUser | null,
  overrides: Partial<Omit<TestOrganisation, 'id'>> & { members?: TestUser[] } = {},
): Promise<TestOrganisation> {
  const organisation = {
    name: overrides.name ?? `Test Organisation ${unique()}`,
    type: overrides.type ?? 'cso',
    country: overrides.country ?? 'PH',
    status: overrides.status ?? 'approved',
  };
  const dataSource = app.app.get(DataSource);
  const [row] = await dataSource.query(
    `INSERT INTO organisation (name, type, country, status, created_by_id, approved_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'approved' THEN now() END) RETURNING id`,
    [organisation.name, organisation.type, organisation.country, organisation.status, owner?.id ?? null],
  );
  if (owner) await dataSource.query(`INSERT INTO organisation_membership (organisation_id, user_id, role) VALUES ($1, $2, 'owner')`, [row.id, owner.id]);
  for (const member of overrides.members ?? []) {
    await dataSource.query(`INSERT INTO organisation_membership (organisation_id, user_id, role) VALUES ($1, $2, 'member')`, [row.id, member.id]);
  }
  return { id: row.id, ...organisation };
}

export function createApprovedOrganisation(app: TestApp, owner: TestUser | null, overrides: Parameters<typeof createOrganisation>[2] = {}) {
  return createOrganisation(app, owner, { ...overrides, status: 'approved' });
}

/** A signed-in member of a freshly approved organisation: the usual actor of member-only actions. */
export async function createNetworkMember(app: TestApp, overrides: Parameters<typeof createUser>[1] = {}): Promise<LoggedIn & { organisation: TestOrganisation }> {
  const session = await createSignedInUser(app, overrides);
  const organisation = await createApprovedOrganisation(app, session.user);
  return { ...session, organisation };
}

export type { AuthUser };

/** A signed-in secretariat account (acts without an organisation). */
export function createSecretariat(app: TestApp, overrides: Parameters<typeof createUser>[1] = {}): Promise<LoggedIn> {
  return createSignedInUser(app, { ...overrides, platformRole: 'secretariat' });
}

/** Records an outbox event the way a capability does: inside a transaction, through OutboxService. */
export async function recordOutboxEvent<T extends OutboxEventType>(app: TestApp, event: OutboxEventInput<T>): Promise<string> {
  return app.app.get(DataSource).transaction((manager) => app.app.get(OutboxService).record(manager, event));
}

export interface TestGroup {
  id: string;
  slug: string;
  name: string;
  visibility: 'public' | 'network' | 'private';
  joinPolicy: 'open' | 'approval' | 'invite_only';
}

export type TestMembershipRole = 'chair' | 'co_chair' | 'member' | 'observer';
export type TestMembershipState = 'pending' | 'invited' | 'active' | 'left' | 'removed';

/**
 * Adds (or replaces) a working-group membership. An active member starts with every existing thread read,
 * as a member who joins through the API does.
 */
export async function addMember(
  app: TestApp,
  group: Pick<TestGroup, 'id'>,
  user: Pick<TestUser, 'id'>,
  options: { role?: TestMembershipRole; state?: TestMembershipState } = {},
): Promise<void> {
  const dataSource = app.app.get(DataSource);
  const state = options.state ?? 'active';
  await dataSource.query(
    `INSERT INTO working_group_membership (working_group_id, user_id, role, state, joined_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'active' THEN now() END)
     ON CONFLICT (working_group_id, user_id) DO UPDATE SET role = EXCLUDED.role, state = EXCLUDED.state, joined_at = EXCLUDED.joined_at`,
    [group.id, user.id, options.role ?? 'member', state],
  );
  if (state === 'active') {
    await dataSource.query(
      `INSERT INTO thread_read_state (user_id, thread_id, last_read_seq, own_posts_after_read)
       SELECT $2, t.id, t.last_post_seq, 0 FROM thread t WHERE t.working_group_id = $1
       ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq, own_posts_after_read = 0`,
      [group.id, user.id],
    );
  }
}

/** A working group written straight to the database; `chair` (optional) becomes its active chair. */
export async function createGroup(
  app: TestApp,
  options: Partial<Omit<TestGroup, 'id'>> & {
    chair?: Pick<TestUser, 'id'>;
    members?: Pick<TestUser, 'id'>[];
    status?: 'active' | 'archived';
    gcmObjectives?: number[];
    countries?: string[];
    mandate?: string;
  } = {},
): Promise<TestGroup> {
  const suffix = unique();
  const group = {
    name: options.name ?? `Test Working Group ${suffix}`,
    slug: options.slug ?? `test-group-${suffix}`,
    visibility: options.visibility ?? 'network',
    joinPolicy: options.joinPolicy ?? 'open',
  };
  const [row] = await app.app.get(DataSource).query(
    `INSERT INTO working_group (slug, name, mandate, visibility, join_policy, gcm_objectives, countries, status, archived_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 = 'archived' THEN now() END) RETURNING id`,
    [group.slug, group.name, options.mandate ?? 'Terms of reference of a test group.', group.visibility, group.joinPolicy, options.gcmObjectives ?? [], options.countries ?? [], options.status ?? 'active'],
  );
  const created = { id: row.id as string, ...group };
  if (options.chair) await addMember(app, created, options.chair, { role: 'chair' });
  for (const member of options.members ?? []) await addMember(app, created, member);
  return created;
}

/** A group whose chair is a signed-in member of an approved organisation. */
export async function createGroupWithChair(app: TestApp, options: Parameters<typeof createGroup>[1] = {}) {
  const chair = await createNetworkMember(app);
  const group = await createGroup(app, { ...options, chair: chair.user });
  return { group, chair };
}

export interface TestThread {
  id: string;
  workingGroupId: string;
  title: string;
  firstPostId: string;
}

/**
 * A thread with `posts` posts (default 1) by `author`, written straight to the database (bodies are plain
 * paragraphs: `<p>…</p>`). Large counts are one INSERT, for paging tests and benchmarks.
 */
export async function createThread(
  app: TestApp,
  group: Pick<TestGroup, 'id'>,
  author: Pick<TestUser, 'id'>,
  options: { title?: string; body?: string; posts?: number } = {},
): Promise<TestThread> {
  const dataSource = app.app.get(DataSource);
  const title = options.title ?? `Test thread ${unique()}`;
  const posts = Math.max(1, options.posts ?? 1);
  const body = options.body ?? 'Opening post of a test thread.';
  const [thread] = await dataSource.query(
    `INSERT INTO thread (working_group_id, title, author_id, post_count, last_post_seq) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [group.id, title, author.id, posts],
  );
  await dataSource.query(
    `INSERT INTO post (thread_id, seq, author_id, body, body_html, created_at)
     SELECT $1, n, $2, CASE WHEN n = 1 THEN $3 ELSE 'Reply ' || n END,
            CASE WHEN n = 1 THEN '<p>' || $3 || '</p>' ELSE '<p>Reply ' || n || '</p>' END,
            now() - make_interval(secs => $4 - n)
     FROM generate_series(1, $4::int) AS n`,
    [thread.id, author.id, body.replace(/[<>&]/g, ''), posts],
  );
  await dataSource.query(
    `INSERT INTO thread_read_state (user_id, thread_id, last_read_seq) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq, own_posts_after_read = 0`,
    [author.id, thread.id, posts],
  );
  const [first] = await dataSource.query(`SELECT id FROM post WHERE thread_id = $1 AND seq = 1`, [thread.id]);
  return { id: thread.id, workingGroupId: group.id, title, firstPostId: first.id };
}

export interface ApiLogin {
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
  user: { id: string; email: string; platformRole: PlatformRole; handle: string };
}

/** Signs in through POST /auth/login (argon2 and the rate limit included), for tests of sessions and refresh tokens. */
export async function loginThroughApi(app: TestApp, email: string, password: string = TEST_PASSWORD, userAgent = 'jest'): Promise<ApiLogin> {
  const { default: request } = await import('supertest');
  const response = await request(app.server).post('/api/v1/auth/login').set('user-agent', userAgent).send({ email, password });
  if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { ...response.body, auth: { Authorization: `Bearer ${response.body.accessToken}` } };
}

/**
 * Waits for a mail to `email` linking to `path` (verify-email, reset-password) and returns the link's `token`.
 * `after`: ignore mails caught before this index (`t.mail.messages.length` taken before the action).
 */
export async function tokenFromMail(app: TestApp, email: string, path: 'verify-email' | 'reset-password', options: { after?: number } = {}): Promise<string> {
  const pattern = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`);
  const mail = await app.mail.waitFor(
    (m) => app.mail.messages.indexOf(m) >= (options.after ?? 0) && m.to.some((to) => to.toLowerCase() === email.toLowerCase()) && pattern.test(m.text),
  );
  return decodeURIComponent(mail.text.match(pattern)![1]);
}
