import type { UserDto } from './dto/user-responses.dto';
import type { UserRecord } from './user.repository';

/** The public shape of a user (never the password hash). */
export function toUserDto(user: UserRecord): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    handle: user.handle,
    timezone: user.timezone,
    locale: user.locale,
    platformRole: user.platformRole,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt,
  };
}
