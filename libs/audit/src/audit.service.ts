import { Injectable, Logger } from '@nestjs/common';
import { requestContext } from '@meridian/common';
import type { Transaction } from '@meridian/database';

export interface AuditRecord {
  actorId: string | null;
  /** dotted verb, e.g. `organisation.approve`, `user.role_change` */
  action: string;
  targetType: string;
  targetId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends to the audit log inside the caller's transaction; also logs a structured security line. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  async record(tx: Transaction, entry: AuditRecord): Promise<void> {
    const context = requestContext.current();
    await tx.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, before, after, ip, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actorId,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
        context?.ip ?? null,
        context?.requestId ?? null,
      ],
    );
    this.logger.log({ audit: entry.action, actorId: entry.actorId, targetType: entry.targetType, targetId: entry.targetId, requestId: context?.requestId });
  }
}
