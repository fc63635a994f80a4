import { Injectable } from '@nestjs/common';
import type { CursorValues } from '@meridian/common';
import { Database, SqlParams } from '@meridian/database';

export interface AuditLogRow {
  id: string;
  at: Date;
  /** `at` with microseconds, for the keyset cursor (a JS Date keeps only milliseconds). */
  atExact: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditLogFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Keyset position (at, id) before which the page starts: newest first. */
  before?: CursorValues;
  limit: number;
}

/** Reads of the append-only audit log (writes: AuditService.record inside the caller's transaction). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly db: Database) {}

  list(filter: AuditLogFilter): Promise<AuditLogRow[]> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.actorId) where.push(`a.actor_id = ${params.add(filter.actorId)}`);
    if (filter.action) where.push(`a.action = ${params.add(filter.action)}`);
    if (filter.targetType) where.push(`a.target_type = ${params.add(filter.targetType)}`);
    if (filter.targetId) where.push(`a.target_id = ${params.add(filter.targetId)}`);
    if (filter.from) where.push(`a.at >= ${params.add(filter.from)}::timestamptz`);
    if (filter.to) where.push(`a.at < ${params.add(filter.to)}::timestamptz`);
    if (filter.before) where.push(`(a.at, a.id) < (${params.add(filter.before[0])}::timestamptz, ${params.add(filter.before[1])}::bigint)`);
    return this.db.read().query(
      `SELECT a.id::text AS id, a.at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "atExact",
              a.actor_id AS "actorId", u.display_name AS "actorName", a.action, a.target_type AS "targetType", a.target_id AS "targetId",
              a.before, a.after, a.ip, a.request_id AS "requestId"
         FROM audit_log a
         LEFT JOIN app_user u ON u.id = a.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.at DESC, a.id DESC
        LIMIT ${params.add(filter.limit + 1)}`,
      params.values,
    );
  }
}
