import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  search(@Query() query: SearchUsersQuery): Promise<DirectoryUserPageDto> {
    return this.directory.search(query);
  }
}
