import type { AuthorDto, PostDto } from './dto/post.dto';
import type { ThreadDto } from './dto/thread.dto';
import type { PostRow, ThreadRow } from './discussions.repository';

type AuthorColumns = Pick<PostRow, 'author_id' | 'author_display_name' | 'author_handle' | 'author_org_id' | 'author_org_name' | 'author_org_acronym'>;

function toAuthor(row: AuthorColumns): AuthorDto | null {
  if (!row.author_id || row.author_display_name === null || row.author_handle === null) return null;
  return {
    id: row.author_id,
    displayName: row.author_display_name,
    handle: row.author_handle,
    organisation: row.author_org_id ? { id: row.author_org_id, name: row.author_org_name ?? '', acronym: row.author_org_acronym } : null,
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A post, or the tombstone that keeps a deleted post's place (and its replies) in the thread. */
export function toPostDto(row: PostRow): PostDto {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    author: deleted ? null : toAuthor(row),
    bodyHtml: deleted ? null : row.body_html,
    body: deleted ? null : row.body,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: deleted ? null : iso(row.edited_at),
    deleted,
    reactions: deleted ? [] : row.reactions,
    seq: row.seq,
  };
}

export function toThreadDto(row: ThreadRow): ThreadDto {
  return {
    id: row.id,
    workingGroupId: row.working_group_id,
    title: row.title,
    author: toAuthor(row),
    pinned: row.pinned,
    locked: row.locked,
    isAnnouncement: row.is_announcement,
    postCount: row.post_count,
    lastPostSeq: row.last_post_seq,
    lastActivityAt: new Date(row.last_activity_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    unreadCount: row.unread_count,
    lastReadSeq: row.last_read_seq,
  };
}

const MENTION = /(^|[^\p{L}\p{N}_@.\-/])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?)/gu;
const CODE = /```[\s\S]*?```|`[^`\n]*`/g;

/** `@handle`s written in a markdown body (outside code), distinct, lower-cased, at most 50. */
export function extractMentionHandles(body: string): string[] {
  const text = body.replace(CODE, ' ');
  const handles = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    handles.add(match[2].toLowerCase());
    if (handles.size >= 50) break;
  }
  return [...handles];
}
