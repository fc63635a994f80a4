import type { DirectoryUserDto } from './dto/user-directory.dto';
import type { AuthorDto, PostDto, PostRevisionDto } from './dto/post.dto';
import type { ThreadDto } from './dto/thread.dto';
import type { AuthorColumns, DirectoryUserRow, PostRow, RevisionRow, ThreadRow } from './discussions.repository';

function toAuthor(row: AuthorColumns): AuthorDto | null {
  if (!row.authorId || row.authorDisplayName === null || row.authorHandle === null) return null;
  return {
    id: row.authorId,
    displayName: row.authorDisplayName,
    handle: row.authorHandle,
    organisation: row.authorOrgId ? { id: row.authorOrgId, name: row.authorOrgName ?? '', acronym: row.authorOrgAcronym } : null,
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A post, or the tombstone that keeps a deleted post's place (and its replies) in the thread. */
export function toPostDto(row: PostRow): PostDto {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    threadId: row.threadId,
    parentId: row.parentId,
    author: deleted ? null : toAuthor(row),
    bodyHtml: deleted ? null : row.bodyHtml,
    body: deleted ? null : row.body,
    createdAt: new Date(row.createdAt).toISOString(),
    editedAt: deleted ? null : iso(row.editedAt),
    deleted,
    reactions: deleted ? [] : row.reactions,
    seq: row.seq,
  };
}

export function toThreadDto(row: ThreadRow): ThreadDto {
  return {
    id: row.id,
    workingGroupId: row.workingGroupId,
    title: row.title,
    author: toAuthor(row),
    pinned: row.pinned,
    locked: row.locked,
    isAnnouncement: row.isAnnouncement,
    postCount: row.postCount,
    lastPostSeq: row.lastPostSeq,
    lastActivityAt: new Date(row.lastActivityAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
    unreadCount: row.unreadCount,
    lastReadSeq: row.lastReadSeq,
  };
}

export function toPostRevisionDto(row: RevisionRow): PostRevisionDto {
  return {
    version: row.version,
    body: row.body,
    bodyHtml: row.bodyHtml,
    writtenAt: new Date(row.writtenAt).toISOString(),
    replacedAt: new Date(row.replacedAt).toISOString(),
    replacedById: row.replacedById,
  };
}

export function toDirectoryUserDto(row: DirectoryUserRow): DirectoryUserDto {
  return { id: row.id, displayName: row.displayName, handle: row.handle, organisations: row.organisations };
}
