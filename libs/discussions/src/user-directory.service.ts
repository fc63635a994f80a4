import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@meridian/auth';
import { decodeCursor, InvalidFieldError, NotFoundError, Page, toPage } from '@meridian/common';
import { DirectoryUserDto, SearchUsersQuery } from './dto/user-directory.dto';
import { toDirectoryUserDto } from './discussion.mapper';
import { DiscussionsRepository } from './discussions.repository';

/** `GET /users?q=`: people to invite or @-mention (network members and the secretariat). */
@Injectable()
export class UserDirectoryService {
  constructor(private readonly discussions: DiscussionsRepository) {}

  /**
   * `threadId` narrows the list to people who can read that thread. The thread is resolved for the caller first, under
   * the same visibility rule as every read (DESIGN.md §5): a thread the caller cannot read is 404, so the list can
   * neither reveal who is in a private group nor whether a thread id exists.
   */
  async search(user: AuthUser, query: SearchUsersQuery): Promise<Page<DirectoryUserDto>> {
    if (query.threadId && !(await this.discussions.visibleThreadGroup(query.threadId, user))) throw new NotFoundError('Thread');
    const after = decodeCursor(query.cursor, ['string', 'uuid']) as [string, string] | undefined;
    if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string')) throw new InvalidFieldError('cursor', 'cursor is not valid');
    const rows = await this.discussions.searchUsers(query.q, query.threadId, query.limit, after);
    return toPage(rows, query.limit, (row) => [row.handle.toLowerCase(), row.id], toDirectoryUserDto);
  }
}
