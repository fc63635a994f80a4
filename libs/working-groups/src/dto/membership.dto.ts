import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery, Trim } from '@meridian/common';
import { MEMBERSHIP_ROLES, MEMBERSHIP_STATES, MembershipRole, MembershipState } from '../entities/working-group-membership.entity';
import { SUBSCRIPTION_LEVELS, SubscriptionLevel } from '../entities/working-group-subscription.entity';

export class InviteMemberDto {
  @ApiPropertyOptional({ description: 'The user to invite (or `email`)' })
  @ValidateIf((dto: InviteMemberDto) => dto.email === undefined || dto.userId !== undefined)
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'The email of a registered user (or `userId`)' })
  @ValidateIf((dto: InviteMemberDto) => dto.userId === undefined || dto.email !== undefined)
  @Trim() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role: MembershipRole;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: ['active'], description: '`active` approves a pending request' })
  @IsOptional() @IsIn(['active'])
  state?: 'active';

  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES })
  @IsOptional() @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;
}

export class RemoveMemberDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class ListMembersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES })
  @IsOptional() @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;

  @ApiPropertyOptional({ enum: MEMBERSHIP_STATES, description: 'Without it every state the caller may see is listed' })
  @IsOptional() @IsIn(MEMBERSHIP_STATES)
  state?: MembershipState;
}

export class MembershipDto {
  @ApiProperty() workingGroupId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: MEMBERSHIP_ROLES }) role: MembershipRole;
  @ApiProperty({ enum: MEMBERSHIP_STATES }) state: MembershipState;
  @ApiProperty({ type: String, nullable: true }) invitedById: string | null;
  @ApiProperty({ type: String, nullable: true }) joinedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class MemberDto {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: MEMBERSHIP_ROLES }) role: MembershipRole;
  @ApiProperty({ enum: MEMBERSHIP_STATES }) state: MembershipState;
  @ApiProperty({ type: String, nullable: true }) joinedAt: string | null;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) items: MemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class SubscriptionDto {
  @ApiProperty({ enum: SUBSCRIPTION_LEVELS })
  @IsIn(SUBSCRIPTION_LEVELS)
  level: SubscriptionLevel;
}

export class GroupSubscriptionDto {
  @ApiProperty() workingGroupId: string;
  @ApiProperty({ enum: SUBSCRIPTION_LEVELS }) level: SubscriptionLevel;
}

export class MarkGroupReadDto {
  @ApiProperty() workingGroupId: string;
  @ApiProperty({ description: 'threads marked read' }) updated: number;
  @ApiProperty() unreadCount: number;
}
