import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@meridian/common';
import { AdminUsersService } from './admin-users.service';
import type { AuthUser } from './auth-user';
import { CurrentUser, Roles } from './auth.decorators';
import { AdminUpdateUserDto, AdminUsersQuery } from './dto/admin-users.dto';
import { UserDto, UserPageDto } from './dto/user-responses.dto';

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
  get(@IdParam('User') id: string): Promise<UserDto> {
    return this.adminUsers.get(id);
  }

  /** Sets platform role and/or status (audit-logged); disabling signs the user out everywhere. */
  @Patch(':id')
  @ApiConflictResponse({ description: '`CONFLICT` when this would leave no active admin' })
  update(@CurrentUser() actor: AuthUser, @IdParam('User') id: string, @Body() body: AdminUpdateUserDto): Promise<UserDto> {
    return this.adminUsers.update(actor, id, body);
  }
}
