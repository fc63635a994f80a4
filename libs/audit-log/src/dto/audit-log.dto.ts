import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '@meridian/common';

export class AuditLogQuery extends PageQuery {
  @IsOptional() @IsUUID()
  actorId?: string;

  /** Exact action, e.g. `organisation.approve` */
  @IsOptional() @IsString() @MaxLength(100)
  action?: string;

  /** e.g. `organisation`, `user` */
  @IsOptional() @IsString() @MaxLength(100)
  targetType?: string;

  @IsOptional() @IsString() @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Entries at or after this time (ISO 8601)', example: '2026-01-01T00:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Entries before this time (ISO 8601, exclusive)', example: '2026-02-01T00:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;
}

export class AuditLogEntryDto {
  /** Increasing number of the entry */
  id: string;
  at: Date;
  actorId: string | null;
  /** Display name of the actor, when the actor is a user that still exists */
  actorName: string | null;
  /** Dotted verb, e.g. `organisation.approve`, `organisation.member_remove` */
  action: string;
  targetType: string;
  targetId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Summary of the target before the action' })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Summary of the target after the action' })
  after: Record<string, unknown> | null;

  ip: string | null;
  requestId: string | null;
}

export class AuditLogPageDto {
  items: AuditLogEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
