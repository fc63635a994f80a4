/**
 * Outbox event names and payloads, written by the capabilities and consumed by the notification fan-out.
 * A separate vocabulary from socket events and notification types, even where a name repeats.
 * Stored in outbox_event.type: never rename one.
 *
 * Domains add their events by module augmentation, beside the code that emits them:
 * `declare module '@meridian/outbox' { interface OutboxEventPayloads { 'thing.happened': { thingId: string } } }`.
 */
export interface OutboxEventPayloads {
  'organisation.applied': { organisationId: string; name: string };
  'organisation.approved': { organisationId: string; name: string; reason?: string | null };
  'organisation.rejected': { organisationId: string; name: string; reason?: string | null };
  'organisation.suspended': { organisationId: string; name: string; reason?: string | null };
  'organisation.reinstated': { organisationId: string; name: string; reason?: string | null };

  /** A new thread (its first post is `postId`). Announcements are `group.announcement` instead. */
  'thread.created': { threadId: string; workingGroupId: string; postId: string; authorId: string; title: string };
  /** A reply or any later post; `parentAuthorId` is the author of `parentPostId`, mentions already resolved to users who can see the thread. */
  'post.created': {
    postId: string;
    threadId: string;
    workingGroupId: string;
    authorId: string;
    parentPostId: string | null;
    parentAuthorId: string | null;
    mentionedUserIds: string[];
  };
  /** Mentions added by editing a post (only the newly mentioned users). */
  'post.mentioned': { postId: string; threadId: string; workingGroupId: string; authorId: string; mentionedUserIds: string[] };
  /** A thread posted as an announcement by a chair or the secretariat. */
  'group.announcement': { threadId: string; workingGroupId: string; postId: string; authorId: string; title: string };
  'membership.requested': { workingGroupId: string; userId: string };
  'membership.invited': { workingGroupId: string; userId: string; invitedById: string; role: string };
  'membership.approved': { workingGroupId: string; userId: string; approvedById: string };
}

export type OutboxEventType = keyof OutboxEventPayloads;

export interface OutboxEventInput<T extends OutboxEventType = OutboxEventType> {
  type: T;
  payload: OutboxEventPayloads[T];
  actorId?: string | null;
}
