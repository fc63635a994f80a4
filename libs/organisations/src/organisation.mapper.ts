import type { OrganisationDto, OrganisationMembershipDto } from './dto/organisation.dto';
import type { MembershipRow } from './organisation-membership.repository';
import type { OrganisationViewer } from './organisation-visibility.sql';
import type { OrganisationRow } from './organisation.repository';

export function toOrganisationDto(row: OrganisationRow, viewer: OrganisationViewer): OrganisationDto {
  const insider = viewer.secretariat || row.myState === 'active';
  return {
    id: row.id,
    name: row.name,
    acronym: row.acronym,
    type: row.type,
    country: row.country,
    website: row.website,
    description: row.description,
    status: row.status,
    statusReason: insider ? row.statusReason : null,
    approvedAt: row.approvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    myMembership: row.myRole && row.myState ? { role: row.myRole, state: row.myState } : null,
  };
}

export function toOrganisationMembershipDto(row: MembershipRow): OrganisationMembershipDto {
  return {
    organisationId: row.organisationId,
    userId: row.userId,
    displayName: row.displayName,
    handle: row.handle,
    role: row.role,
    state: row.state,
    createdAt: row.createdAt,
  };
}
