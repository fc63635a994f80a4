import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@meridian/auth';
import { RequireApprovedOrganisation } from '@meridian/organisations';
import { DirectoryUserPageDto, SearchUsersQuery } from './dto/user-directory.dto';
import { UserDirectoryService } from './user-directory.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserDirectoryController {
  constructor(private readonly directory: UserDirectoryService) {}

  /** Network members and the secretariat, by handle prefix or display name: invitations and @-mention completion. */
  @Get()
  @RequireApprovedOrganisation()
  @ApiOkResponse({ type: DirectoryUserPageDto })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: `threadId` names a thread the caller cannot read (or none)' })
  search(@CurrentUser() user: AuthUser, @Query() query: SearchUsersQuery): Promise<DirectoryUserPageDto> {
    return this.directory.search(user, query);
  }
}
