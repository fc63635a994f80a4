import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { PageQuery, Trim } from '@meridian/common';
import { ORGANISATION_ROLES, OrganisationMembershipState, OrganisationRole } from '../entities/organisation-membership.entity';

export const ORGANISATION_MEMBERSHIP_STATES: readonly OrganisationMembershipState[] = ['active', 'requested'];

export class AddOrganisationMemberDto {
  /** Email of an existing account */
  @Trim() @IsEmail() @MaxLength(320)
  email: string;

  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, default: 'member' })
  @IsOptional() @IsIn(ORGANISATION_ROLES)
  role?: OrganisationRole;
}

export class UpdateOrganisationMemberDto {
  @ApiPropertyOptional({ enum: ['active'], description: '`active` approves a join request' })
  @IsOptional() @IsIn(['active'])
  state?: 'active';

  @ApiPropertyOptional({ enum: ORGANISATION_ROLES })
  @IsOptional() @IsIn(ORGANISATION_ROLES)
  role?: OrganisationRole;
}

export class ListOrganisationMembersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_ROLES })
  @IsOptional() @IsIn(ORGANISATION_ROLES)
  role?: OrganisationRole;

  @ApiPropertyOptional({ enum: ORGANISATION_MEMBERSHIP_STATES, description: 'Only owners and the secretariat see `requested` memberships' })
  @IsOptional() @IsIn(ORGANISATION_MEMBERSHIP_STATES)
  state?: OrganisationMembershipState;
}
