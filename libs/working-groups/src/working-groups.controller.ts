import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@meridian/auth';
import { IdParam, RefParam } from '@meridian/common';
import { RequireApprovedOrganisation } from '@meridian/organisations';
import {
  GroupSubscriptionDto, InviteMemberDto, ListMembersQuery, MarkGroupReadDto, MemberPageDto, MembershipDto, RemoveMemberDto, SubscriptionDto, UpdateMemberDto,
} from './dto/membership.dto';
import { CreateWorkingGroupDto, ListWorkingGroupsQuery, UpdateWorkingGroupDto, WorkingGroupDto, WorkingGroupPageDto } from './dto/working-group.dto';
import { MembershipsService } from './memberships.service';
import { WorkingGroupsService } from './working-groups.service';

/** `:id` is a group's id or its slug. */
const GroupRef = () => RefParam('Working group');

@ApiTags('working-groups')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'The group does not exist or the caller may not see it' })
@Controller('working-groups')
export class WorkingGroupsController {
  constructor(private readonly workingGroups: WorkingGroupsService, private readonly memberships: MembershipsService) {}

  /** Create a working group (secretariat); named chairs become active chairs. */
  @Post()
  @Roles('secretariat')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWorkingGroupDto): Promise<WorkingGroupDto> {
    return this.workingGroups.create(user, dto);
  }

  /** Groups the caller can see, by name; `memberCount`, `myRole` and `unreadCount` per group. */
  @Get()
  @Public()
  @ApiOkResponse({ type: WorkingGroupPageDto })
  list(@CurrentUser() user: AuthUser | undefined, @Query() query: ListWorkingGroupsQuery): Promise<WorkingGroupPageDto> {
    return this.workingGroups.list(user, query);
  }

  @Get(':id')
  @Public()
  get(@CurrentUser() user: AuthUser | undefined, @GroupRef() id: string): Promise<WorkingGroupDto> {
    return this.workingGroups.get(id, user);
  }

  /** Chairs, co-chairs and the secretariat. */
  @Patch(':id')
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`GROUP_ARCHIVED`' })
  update(@CurrentUser() user: AuthUser, @GroupRef() id: string, @Body() dto: UpdateWorkingGroupDto): Promise<WorkingGroupDto> {
    return this.workingGroups.update(id, user, dto);
  }

  /** Archived groups are read-only. */
  @Post(':id/archive')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  archive(@CurrentUser() user: AuthUser, @GroupRef() id: string): Promise<WorkingGroupDto> {
    return this.workingGroups.archive(id, user);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  unarchive(@CurrentUser() user: AuthUser, @GroupRef() id: string): Promise<WorkingGroupDto> {
    return this.workingGroups.unarchive(id, user);
  }

  /** open → active; approval → pending; invite_only → 403 `INVITE_ONLY` unless invited (then accepts the invitation). */
  @Post(':id/join')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`ALREADY_MEMBER`, `GROUP_ARCHIVED`' })
  join(@CurrentUser() user: AuthUser, @GroupRef() id: string): Promise<MembershipDto> {
    return this.memberships.join(id, user);
  }

  /** Leave, withdraw a request or decline an invitation; 409 `LAST_CHAIR` for the last chair. */
  @Post(':id/leave')
  @HttpCode(200)
  leave(@CurrentUser() user: AuthUser, @GroupRef() id: string): Promise<MembershipDto> {
    return this.memberships.leave(id, user);
  }

  /** Active members for anyone who sees the group's content; every state for chairs and the secretariat. */
  @Get(':id/members')
  @Public()
  @ApiOkResponse({ type: MemberPageDto })
  members(@CurrentUser() user: AuthUser | undefined, @GroupRef() id: string, @Query() query: ListMembersQuery): Promise<MemberPageDto> {
    return this.memberships.list(id, user, query);
  }

  /** Invite a user by id or email (chairs and the secretariat); the invitee accepts with POST /join. */
  @Post(':id/members')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`ALREADY_MEMBER`, `GROUP_ARCHIVED`' })
  invite(@CurrentUser() user: AuthUser, @GroupRef() id: string, @Body() dto: InviteMemberDto): Promise<MembershipDto> {
    return this.memberships.invite(id, user, dto);
  }

  /** Approve a pending request (`{state: "active"}`) or change the role. */
  @Patch(':id/members/:userId')
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`LAST_CHAIR`, `INVALID_TRANSITION`, `GROUP_ARCHIVED`' })
  updateMember(
    @CurrentUser() user: AuthUser,
    @GroupRef() id: string,
    @IdParam('Membership', 'userId', "The member's user id") userId: string,
    @Body() dto: UpdateMemberDto,
  ): Promise<MembershipDto> {
    return this.memberships.update(id, user, userId, dto);
  }

  /** Decline a request, withdraw an invitation or remove a member. */
  @Delete(':id/members/:userId')
  @HttpCode(204)
  @RequireApprovedOrganisation()
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: '`LAST_CHAIR`, `GROUP_ARCHIVED`' })
  async removeMember(
    @CurrentUser() user: AuthUser,
    @GroupRef() id: string,
    @IdParam('Membership', 'userId', "The member's user id") userId: string,
    @Body() dto: RemoveMemberDto,
  ): Promise<void> {
    await this.memberships.remove(id, user, userId, dto?.reason);
  }

  /** Marks every thread of the group read for the caller. */
  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentUser() user: AuthUser, @GroupRef() id: string): Promise<MarkGroupReadDto> {
    return this.workingGroups.markRead(id, user);
  }

  /** watching: every post notifies; muted: only mentions. */
  @Put(':id/subscription')
  subscribe(@CurrentUser() user: AuthUser, @GroupRef() id: string, @Body() dto: SubscriptionDto): Promise<GroupSubscriptionDto> {
    return this.workingGroups.subscribe(id, user, dto.level);
  }
}
