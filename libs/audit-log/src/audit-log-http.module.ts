import { Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';

/** `GET /audit-log` (the api process only; writing is @meridian/audit's AuditModule, loaded everywhere). */
@Module({ controllers: [AuditLogController], providers: [AuditLogRepository, AuditLogService] })
export class AuditLogHttpModule {}
