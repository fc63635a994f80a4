import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidFieldError, Page, toPage } from '@meridian/common';
import { DirectoryUserDto, SearchUsersQuery } from './dto/user-directory.dto';
import { toDirectoryUserDto } from './discussion.mapper';
import { DiscussionsRepository } from './discussions.repository';

/** `GET /users?q=`: people to invite or @-mention (network members and the secretariat). */
@Injectable()
export class UserDirectoryService {
  constructor(private readonly discussions: DiscussionsRepository) {}

  async search(query: SearchUsersQuery): Promise<Page<DirectoryUserDto>> {
    const after = decodeCursor(query.cursor, ['string', 'uuid']) as [string, string] | undefined;
    if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string')) throw new InvalidFieldError('cursor', 'cursor is not valid');
    const rows = await this.discussions.searchUsers(query.q, query.threadId, query.limit, after);
    return toPage(rows, query.limit, (row) => [row.handle.toLowerCase(), row.id], toDirectoryUserDto);
  }
}
