import type { OutboxEventPayloads, OutboxEventType } from '@meridian/outbox';

/**
 * How each outbox event finds its recipients. `candidatesSql` is a SELECT yielding
 * `(recipient_id uuid, type text, rank int, email_immediate boolean)` where `$1` is the event payload
 * (jsonb); a recipient listed twice keeps the row with the lowest rank (the most specific type), so a
 * reply that also mentions the parent's author notifies that person once. The fan-out pages through it
 * by recipient id, drops the actor and inactive users, and applies preferences: keep the SELECT
 * index-friendly on `recipient_id` order. `contextSql` (optional, `$1` payload) returns one row of
 * names and titles merged into the notification payload, so texts read well later.
 * Events without a resolver (organisation.reinstated) notify nobody.
 */
export interface RecipientResolver<T extends OutboxEventType = OutboxEventType> {
  candidatesSql: string;
  contextSql?: string;
  link(payload: OutboxEventPayloads[T]): string;
}

const p = (field: string, cast = 'uuid') => `($1::jsonb->>'${field}')::${cast}`;

const organisationOwners = (type: string): RecipientResolver => ({
  candidatesSql: `SELECT m.user_id AS recipient_id, '${type}'::text AS type, 1 AS rank, false AS email_immediate
    FROM organisation_membership m
    WHERE m.organisation_id = ${p('organisationId')} AND m.role = 'owner' AND m.state = 'active'`,
  link: (payload) => `/organisations/${(payload as { organisationId: string }).organisationId}`,
});

/** Names of the group, thread and post an event is about (the discussions tables). */
const discussionContextSql = `SELECT g.name AS "groupName", g.slug AS "groupSlug", t.title AS "threadTitle",
    left(regexp_replace(po.body, '\\s+', ' ', 'g'), 200) AS "excerpt"
  FROM working_group g
  LEFT JOIN thread t ON t.id = ($1::jsonb->>'threadId')::uuid
  LEFT JOIN post po ON po.id = ($1::jsonb->>'postId')::uuid
  WHERE g.id = ${p('workingGroupId')}`;

const groupContextSql = `SELECT g.name AS "groupName", g.slug AS "groupSlug" FROM working_group g WHERE g.id = ${p('workingGroupId')}`;

/** Active members of the event's group who did not mute it. */
const activeMembers = (extraWhere = '') => `FROM working_group_membership m
    WHERE m.working_group_id = ${p('workingGroupId')} AND m.state = 'active' ${extraWhere}`;

const notMutedGroup = `AND NOT EXISTS (SELECT 1 FROM working_group_subscription s
      WHERE s.working_group_id = m.working_group_id AND s.user_id = m.user_id AND s.level = 'muted')`;

const watchingGroup = `EXISTS (SELECT 1 FROM working_group_subscription s
      WHERE s.working_group_id = m.working_group_id AND s.user_id = m.user_id AND s.level = 'watching')`;

const threadLink = (payload: { threadId: string; postId?: string }) =>
  payload.postId ? `/threads/${payload.threadId}?post=${payload.postId}` : `/threads/${payload.threadId}`;

export const RECIPIENT_RESOLVERS: { [T in OutboxEventType]?: RecipientResolver<T> } = {
  'organisation.applied': {
    candidatesSql: `SELECT u.id AS recipient_id, 'organisation.applied'::text AS type, 1 AS rank, false AS email_immediate
      FROM app_user u WHERE u.platform_role IN ('secretariat', 'admin')`,
    link: (payload) => `/organisations/${payload.organisationId}`,
  },
  'organisation.approved': organisationOwners('organisation.approved'),
  'organisation.rejected': organisationOwners('organisation.rejected'),
  'organisation.suspended': organisationOwners('organisation.suspended'),

  'thread.created': {
    // Watchers of the group get it by mail at once (API.md: "watching: immediate").
    candidatesSql: `SELECT m.user_id AS recipient_id, 'thread.created'::text AS type, 1 AS rank, ${watchingGroup} AS email_immediate
      ${activeMembers(notMutedGroup)}`,
    contextSql: discussionContextSql,
    link: threadLink,
  },
  'group.announcement': {
    // Announcements reach every active member, mutes notwithstanding.
    candidatesSql: `SELECT m.user_id AS recipient_id, 'group.announcement'::text AS type, 1 AS rank, false AS email_immediate
      ${activeMembers()}`,
    contextSql: discussionContextSql,
    link: threadLink,
  },
  'post.created': {
    candidatesSql: `SELECT * FROM (
        SELECT ${p('parentAuthorId')} AS recipient_id, 'post.replied'::text AS type, 1 AS rank, false AS email_immediate
        WHERE ${p('parentAuthorId')} IS NOT NULL
      UNION ALL
        SELECT mention::uuid, 'post.mentioned', 2, false
        FROM jsonb_array_elements_text($1::jsonb->'mentionedUserIds') AS mention
      UNION ALL
        SELECT ts.user_id, 'post.created', 3, false
        FROM thread_subscription ts WHERE ts.thread_id = ${p('threadId')} AND ts.level = 'watching'
      UNION ALL
        SELECT gs.user_id, 'post.created', 3, false
        FROM working_group_subscription gs
        WHERE gs.working_group_id = ${p('workingGroupId')} AND gs.level = 'watching'
          AND NOT EXISTS (SELECT 1 FROM thread_subscription ts
            WHERE ts.thread_id = ${p('threadId')} AND ts.user_id = gs.user_id AND ts.level = 'muted')
      ) c
      -- Watchers must still be active members (a left member's subscription row may linger).
      WHERE c.rank < 3 OR EXISTS (SELECT 1 FROM working_group_membership m
        WHERE m.working_group_id = ${p('workingGroupId')} AND m.user_id = c.recipient_id AND m.state = 'active')`,
    contextSql: discussionContextSql,
    link: threadLink,
  },
  'post.mentioned': {
    candidatesSql: `SELECT mention::uuid AS recipient_id, 'post.mentioned'::text AS type, 1 AS rank, false AS email_immediate
      FROM jsonb_array_elements_text($1::jsonb->'mentionedUserIds') AS mention`,
    contextSql: discussionContextSql,
    link: threadLink,
  },
  'membership.requested': {
    candidatesSql: `SELECT m.user_id AS recipient_id, 'membership.requested'::text AS type, 1 AS rank, false AS email_immediate
      ${activeMembers(`AND m.role IN ('chair', 'co_chair')`)}`,
    contextSql: `SELECT g.name AS "groupName", g.slug AS "groupSlug", u.display_name AS "memberName"
      FROM working_group g, app_user u WHERE g.id = ${p('workingGroupId')} AND u.id = ${p('userId')}`,
    link: (payload) => `/working-groups/${payload.workingGroupId}/members?state=pending`,
  },
  'membership.invited': {
    candidatesSql: `SELECT ${p('userId')} AS recipient_id, 'membership.invited'::text AS type, 1 AS rank, false AS email_immediate`,
    contextSql: groupContextSql,
    link: (payload) => `/working-groups/${payload.workingGroupId}`,
  },
  'membership.approved': {
    candidatesSql: `SELECT ${p('userId')} AS recipient_id, 'membership.approved'::text AS type, 1 AS rank, false AS email_immediate`,
    contextSql: groupContextSql,
    link: (payload) => `/working-groups/${payload.workingGroupId}`,
  },
};

export function resolverFor(type: string): RecipientResolver | undefined {
  return (RECIPIENT_RESOLVERS as Record<string, RecipientResolver | undefined>)[type];
}
