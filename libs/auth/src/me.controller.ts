import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, PageQuery } from '@meridian/common';
import { AccountService } from './account.service';
import { AuthRateLimit } from './auth-rate-limit.guard';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './auth.decorators';
import { ChangePasswordDto, UpdateMeDto } from './dto/me.dto';
import { MeDto, SessionListDto, UserDto } from './dto/user-responses.dto';
import { ProfileService } from './profile.service';
import { SessionService } from './session.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly profiles: ProfileService, private readonly accounts: AccountService, private readonly sessions: SessionService) {}

  /** The caller with platform role, organisations (active and requested memberships) and unread notification count. */
  @Get()
  getMe(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    return this.profiles.getMe(caller);
  }

  @Patch()
  @ApiConflictResponse({ description: '`CONFLICT` when the handle is taken' })
  updateMe(@CurrentUser() caller: AuthUser, @Body() body: UpdateMeDto): Promise<MeDto> {
    return this.profiles.updateMe(caller, body);
  }

  /** Changes the password and revokes every other session (this one stays signed in). */
  @Post('password')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  changePassword(@CurrentUser() caller: AuthUser, @Body() body: ChangePasswordDto): Promise<UserDto> {
    return this.accounts.changePassword(caller, body.currentPassword, body.newPassword);
  }

  /** The caller's active sessions, most recently used first; `current` marks the one making this request. */
  @Get('sessions')
  listSessions(@CurrentUser() caller: AuthUser, @Query() query: PageQuery): Promise<SessionListDto> {
    return this.sessions.listSessions(caller, query);
  }

  /** Revokes one of the caller's sessions (its refresh tokens stop working). */
  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not one of the caller\'s active sessions' })
  revokeSession(
    @CurrentUser() caller: AuthUser,
    @IdParam('Session') id: string,
  ): Promise<void> {
    return this.sessions.revokeSession(caller, id);
  }
}
