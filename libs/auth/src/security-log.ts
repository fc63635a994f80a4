import { Injectable, Logger } from '@nestjs/common';
import { requestContext } from '@meridian/common';

export type SecurityEvent =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.backed_off'
  | 'refresh_token.reused'
  | 'refresh_token.reused_within_grace'
  | 'session.revoked'
  | 'password.changed'
  | 'password.change_failed'
  | 'password.reset'
  | 'user.role_changed'
  | 'user.status_changed'
  | 'user.admin_created';

export interface SecurityFacts {
  userId?: string | null;
  actorId?: string | null;
  sessionId?: string;
  reason?: string;
  [fact: string]: string | number | boolean | null | undefined;
}

/**
 * Structured security lines (DESIGN.md §14) with the request id and ip. Callers pass ids and reasons only:
 * never a password, token, or hash.
 */
@Injectable()
export class SecurityLog {
  private readonly logger = new Logger('Security');

  record(event: SecurityEvent, facts: SecurityFacts = {}): void {
    const context = requestContext.current();
    const line = { security: event, requestId: context?.requestId, clientRequestId: context?.clientRequestId, ip: context?.ip, ...facts };
    if (event === 'login.failed' || event === 'login.backed_off' || event === 'refresh_token.reused') this.logger.warn(line);
    else this.logger.log(line);
  }
}
