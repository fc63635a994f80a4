import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { IsSafeDisplayText, PageQuery, Trim } from '@meridian/common';
import { JOIN_POLICIES, JoinPolicy, WORKING_GROUP_STATUSES, WORKING_GROUP_VISIBILITIES, WorkingGroupStatus, WorkingGroupVisibility } from '../entities/working-group.entity';
import { MEMBERSHIP_ROLES, MembershipRole } from '../entities/working-group-membership.entity';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateWorkingGroupDto {
  @ApiProperty({ maxLength: 200 })
  @Trim() @IsString() @MinLength(1) @MaxLength(200) @IsSafeDisplayText()
  name: string;

  @ApiPropertyOptional({ description: 'Lowercase words joined by hyphens; derived from the name when absent', maxLength: 80 })
  @IsOptional() @IsString() @MaxLength(80) @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters and digits joined by hyphens' })
  slug?: string;

  @ApiProperty({ description: 'Mandate / terms of reference (markdown)', maxLength: 20000 })
  @IsString() @MaxLength(20000)
  mandate: string;

  @ApiProperty({ enum: WORKING_GROUP_VISIBILITIES })
  @IsIn(WORKING_GROUP_VISIBILITIES)
  visibility: WorkingGroupVisibility;

  @ApiProperty({ enum: JOIN_POLICIES })
  @IsIn(JOIN_POLICIES)
  joinPolicy: JoinPolicy;

  @ApiProperty({ type: [Number], description: 'GCM objectives 1–23' })
  @IsArray() @ArrayMaxSize(23) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(23, { each: true })
  gcmObjectives: number[];

  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2 codes or `regional`' })
  @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true })
  countries: string[];

  @ApiPropertyOptional({ type: [String], description: 'Users who become active chairs' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true })
  chairIds?: string[];
}

export class UpdateWorkingGroupDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) @IsSafeDisplayText()
  name?: string;

  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptional() @IsString() @MaxLength(80) @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters and digits joined by hyphens' })
  slug?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional() @IsString() @MaxLength(20000)
  mandate?: string;

  @ApiPropertyOptional({ enum: WORKING_GROUP_VISIBILITIES })
  @IsOptional() @IsIn(WORKING_GROUP_VISIBILITIES)
  visibility?: WorkingGroupVisibility;

  @ApiPropertyOptional({ enum: JOIN_POLICIES })
  @IsOptional() @IsIn(JOIN_POLICIES)
  joinPolicy?: JoinPolicy;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional() @IsArray() @ArrayMaxSize(23) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(23, { each: true })
  gcmObjectives?: number[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true })
  countries?: string[];
}

export class ListWorkingGroupsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Text in the name' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: WORKING_GROUP_VISIBILITIES })
  @IsOptional() @IsIn(WORKING_GROUP_VISIBILITIES)
  visibility?: WorkingGroupVisibility;

  @ApiPropertyOptional({ minimum: 1, maximum: 23 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(23)
  gcmObjective?: number;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 or `regional`' })
  @IsOptional() @IsString() @MaxLength(16)
  country?: string;

  @ApiPropertyOptional({ enum: WORKING_GROUP_STATUSES })
  @IsOptional() @IsIn(WORKING_GROUP_STATUSES)
  status?: WorkingGroupStatus;

  @ApiPropertyOptional({ description: 'Only groups the caller belongs to (active, pending or invited)' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  mine?: boolean;
}

export class WorkingGroupDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'markdown' }) mandate: string;
  @ApiProperty({ description: 'the mandate rendered and sanitised' }) mandateHtml: string;
  @ApiProperty({ enum: WORKING_GROUP_VISIBILITIES }) visibility: WorkingGroupVisibility;
  @ApiProperty({ enum: JOIN_POLICIES }) joinPolicy: JoinPolicy;
  @ApiProperty({ type: [Number] }) gcmObjectives: number[];
  @ApiProperty({ type: [String] }) countries: string[];
  @ApiProperty({ enum: WORKING_GROUP_STATUSES }) status: WorkingGroupStatus;
  @ApiProperty({ type: String, nullable: true }) archivedAt: string | null;
  @ApiProperty({ description: 'active members' }) memberCount: number;
  @ApiProperty({ enum: MEMBERSHIP_ROLES, nullable: true, description: 'the caller\'s role when an active member, else null' }) myRole: MembershipRole | null;
  @ApiProperty({ type: String, nullable: true, description: 'the caller\'s membership state (pending, invited, active…) or null' }) myState: string | null;
  @ApiProperty({ description: 'unread posts for an active member, else 0' }) unreadCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class WorkingGroupPageDto {
  @ApiProperty({ type: [WorkingGroupDto] }) items: WorkingGroupDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
