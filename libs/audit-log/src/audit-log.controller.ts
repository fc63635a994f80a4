import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Roles } from '@meridian/auth';
import type { Page } from '@meridian/common';
import { AuditLogService } from './audit-log.service';
import { AuditLogEntryDto, AuditLogPageDto, AuditLogQuery } from './dto/audit-log.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  /** Secretariat and admin: the audit log, newest first, filtered by actor, action, target and time. */
  @Get()
  @Roles('secretariat')
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiUnauthorizedResponse({ description: '`UNAUTHORIZED`' })
  @ApiForbiddenResponse({ description: '`FORBIDDEN`: secretariat and admin only' })
  list(@Query() query: AuditLogQuery): Promise<Page<AuditLogEntryDto>> {
    return this.auditLog.list(query);
  }
}
