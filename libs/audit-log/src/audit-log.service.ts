import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@meridian/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogEntryDto, AuditLogQuery } from './dto/audit-log.dto';

/** Reading the audit log (secretariat and admin; the controller's role check is the rule). */
@Injectable()
export class AuditLogService {
  constructor(private readonly auditLog: AuditLogRepository) {}

  async list(query: AuditLogQuery): Promise<Page<AuditLogEntryDto>> {
    const rows = await this.auditLog.list({
      actorId: query.actorId,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      from: query.from,
      to: query.to,
      before: decodeCursor(query.cursor, ['timestamp', 'digits']),
      limit: query.limit,
    });
    return toPage(rows, query.limit, (row) => [row.atExact, row.id], ({ atExact: _exact, ...entry }) => entry);
  }
}
