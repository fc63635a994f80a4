import { ApiProperty } from '@nestjs/swagger';
import { PLATFORM_ROLES, PlatformRole, USER_STATUSES, UserStatus } from '../entities/user.entity';

export class UserDto {
  id: string;
  email: string;
  displayName: string;
  /** Unique; what `@mentions` use. */
  handle: string;
  /** IANA time zone. */
  timezone: string;
  locale: string;
  @ApiProperty({ enum: PLATFORM_ROLES })
  platformRole: PlatformRole;
  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;
  emailVerified: boolean;
  createdAt: Date;
}

export class MeOrganisationDto {
  id: string;
  name: string;
  /** The caller's role in the organisation. */
  @ApiProperty({ enum: ['owner', 'member'] })
  role: string;
  /** The organisation's status. */
  @ApiProperty({ enum: ['applied', 'approved', 'rejected', 'suspended'] })
  status: string;
  /** `requested`: the caller asked to join and waits for an owner. */
  @ApiProperty({ enum: ['active', 'requested'] })
  membershipState: string;
}

export class MeDto extends UserDto {
  /** The caller's organisations, including those they asked to join. */
  organisations: MeOrganisationDto[];
  unreadNotificationCount: number;
}

export class RegisteredDto {
  user: UserDto;
}

export class TokenPairDto {
  /** JWT for `Authorization: Bearer …`. */
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Single use: each refresh answers a new one. */
  refreshToken: string;
}

export class LoginResultDto extends TokenPairDto {
  user: UserDto;
}

export class SessionDto {
  id: string;
  /** The user agent that signed in. */
  device: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  /** True for the session of the access token making this request. */
  current: boolean;
}

export class SessionListDto {
  items: SessionDto[];
  nextCursor: string | null;
}

export class UserPageDto {
  items: UserDto[];
  nextCursor: string | null;
}
