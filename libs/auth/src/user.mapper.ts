import type { SessionDto, UserDto } from './dto/user-responses.dto';
import type { SessionRecord } from './session.repository';
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

/** One of the user's sessions, `current` when it is the one the request came with. */
export function toSessionDto(session: SessionRecord, currentSessionId: string | undefined): SessionDto {
  return {
    id: session.id,
    device: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    current: session.id === currentSessionId,
  };
}
