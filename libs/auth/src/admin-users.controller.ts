import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@meridian/common';
import { AdminUsersService } from './admin-users.service';
import type { AuthUser } from './auth-user';
import { CurrentUser, Roles } from './auth.decorators';
import { AdminUpdateUserDto, AdminUsersQuery } from './dto/admin-users.dto';
import { UserDto, UserPageDto } from './dto/user-responses.dto';

const userId = () => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('User') });

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Admins only' })
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly adminUsers: AdminUsersService) {}

  /** Newest first; `q` searches email, display name and handle. */
  @Get()
  list(@Query() query: AdminUsersQuery): Promise<UserPageDto> {
    return this.adminUsers.list(query);
  }

  @Get(':id')
  get(@Param('id', userId()) id: string): Promise<UserDto> {
    return this.adminUsers.get(id);
  }

  /** Sets platform role and/or status (audit-logged); disabling signs the user out everywhere. */
  @Patch(':id')
  @ApiConflictResponse({ description: '`CONFLICT` when this would leave no active admin' })
  update(@CurrentUser() actor: AuthUser, @Param('id', userId()) id: string, @Body() body: AdminUpdateUserDto): Promise<UserDto> {
    return this.adminUsers.update(actor, id, body);
  }
}
