import { ForbiddenError } from '@meridian/common';
import { canModerate, GroupAccessFacts } from '@meridian/working-groups';

/**
 * What the author of a thread or post may do to it (rename, edit, delete, read its history) they may do while
 * an active member of its group; the chairs and the secretariat may always.
 */
export function assertAuthorOrModerator(facts: GroupAccessFacts, authorId: string | null, userId: string, message: string): void {
  const activeAuthor = authorId === userId && facts.myState === 'active';
  if (!activeAuthor && !canModerate(facts)) throw new ForbiddenError(message);
}
