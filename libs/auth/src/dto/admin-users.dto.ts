import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery, Trim } from '@meridian/common';
import { PLATFORM_ROLES, PlatformRole, USER_STATUSES, UserStatus } from '../entities/user.entity';

export class AdminUsersQuery extends PageQuery {
  /** Part of the email, display name or handle (case-insensitive). */
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: PLATFORM_ROLES })
  @IsOptional() @IsIn(PLATFORM_ROLES)
  platformRole?: PlatformRole;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional() @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class AdminUpdateUserDto {
  @ApiPropertyOptional({ enum: PLATFORM_ROLES })
  @IsOptional() @IsIn(PLATFORM_ROLES)
  platformRole?: PlatformRole;

  /** `disabled` signs the user out everywhere and refuses their logins. */
  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional() @IsIn(USER_STATUSES)
  status?: UserStatus;
}
