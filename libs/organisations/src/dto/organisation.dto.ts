import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_TYPES, OrganisationType } from '@meridian/taxonomy';
import { ORGANISATION_ROLES, OrganisationMembershipState, OrganisationRole } from '../entities/organisation-membership.entity';
import { ORGANISATION_STATUSES, OrganisationStatus } from '../entities/organisation.entity';

export class MyOrganisationMembershipDto {
  @ApiProperty({ enum: ORGANISATION_ROLES })
  role: OrganisationRole;

  @ApiProperty({ enum: ['active', 'requested'] })
  state: OrganisationMembershipState;
}

export class OrganisationDto {
  id: string;
  name: string;
  acronym: string | null;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  type: OrganisationType;

  /** ISO 3166-1 alpha-2 code, or `regional` */
  country: string;
  website: string | null;
  description: string | null;

  @ApiProperty({ enum: ORGANISATION_STATUSES })
  status: OrganisationStatus;

  /** The reason given with the last secretariat decision; only shown to the organisation's members and the secretariat */
  statusReason: string | null;
  approvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;

  /** The caller's membership (null when anonymous or not a member) */
  @ApiProperty({ type: MyOrganisationMembershipDto, nullable: true })
  myMembership: MyOrganisationMembershipDto | null;
}

export class OrganisationPageDto {
  items: OrganisationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class OrganisationMembershipDto {
  organisationId: string;
  userId: string;
  displayName: string;
  handle: string;

  @ApiProperty({ enum: ORGANISATION_ROLES })
  role: OrganisationRole;

  @ApiProperty({ enum: ['active', 'requested'] })
  state: OrganisationMembershipState;

  /** When the membership (or the join request) was made */
  createdAt: Date;
}

export class OrganisationMembershipPageDto {
  items: OrganisationMembershipDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
