import type { PlatformRole } from './entities/user.entity';

/** The authenticated caller, as every guard, controller and gateway sees it. */
export interface AuthUser {
  id: string;
  platformRole: PlatformRole;
  /** The auth session (refresh family) the access token belongs to. */
  sessionId: string;
  /** Seconds since epoch when the access token expires (sockets are disconnected then). */
  expiresAt: number;
}

/** Secretariat powers: the secretariat role, and admin which has every secretariat permission. */
export function isSecretariat(user: Pick<AuthUser, 'platformRole'> | undefined | null): boolean {
  return user?.platformRole === 'secretariat' || user?.platformRole === 'admin';
}
