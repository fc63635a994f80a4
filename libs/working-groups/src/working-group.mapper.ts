import { renderMarkdown } from '@meridian/common';
import type { MemberDto, MembershipDto } from './dto/membership.dto';
import type { WorkingGroupDto } from './dto/working-group.dto';
import type { GroupWithCountRow, MemberRow, MembershipRow } from './working-groups.repository';

export function toGroupDto(row: GroupWithCountRow, unreadCount: number): WorkingGroupDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    mandate: row.mandate,
    mandateHtml: renderMarkdown(row.mandate),
    visibility: row.visibility,
    joinPolicy: row.joinPolicy,
    gcmObjectives: row.gcmObjectives.map(Number),
    countries: row.countries,
    status: row.status,
    archivedAt: row.archivedAt ? row.archivedAt.toISOString() : null,
    memberCount: row.memberCount,
    myRole: row.myRole,
    myState: row.myState,
    unreadCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toMembershipDto(row: MembershipRow): MembershipDto {
  return {
    workingGroupId: row.workingGroupId,
    userId: row.userId,
    role: row.role,
    state: row.state,
    invitedById: row.invitedById,
    joinedAt: row.joinedAt ? new Date(row.joinedAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function toMemberDto(row: MemberRow): MemberDto {
  return {
    userId: row.userId,
    displayName: row.displayName,
    handle: row.handle,
    role: row.role,
    state: row.state,
    joinedAt: row.joinedAt ? row.joinedAt.toISOString() : null,
  };
}
