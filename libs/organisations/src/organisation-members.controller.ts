import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '@meridian/auth';
import { IdParam, type Page } from '@meridian/common';
import type { FastifyReply } from 'fastify';
import { AddOrganisationMemberDto, ListOrganisationMembersQuery, UpdateOrganisationMemberDto } from './dto/organisation-member-input.dto';
import { OrganisationMembershipDto, OrganisationMembershipPageDto } from './dto/organisation.dto';
import { MembershipOutcome, OrganisationMembershipService } from './organisation-membership.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations/:id')
export class OrganisationMembersController {
  constructor(private readonly memberships: OrganisationMembershipService) {}

  /** Active members see the active members; owners and the secretariat also see join requests. Never public: anonymous callers get 404. */
  @Get('members')
  @Public()
  @ApiOkResponse({ type: OrganisationMembershipPageDto })
  @ApiForbiddenResponse({ description: '`FORBIDDEN`: the caller can see the organisation but is not its member' })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: no such organisation, not visible to the caller, or an anonymous caller' })
  list(@CurrentUser() user: AuthUser | undefined, @IdParam('Organisation') id: string, @Query() query: ListOrganisationMembersQuery): Promise<Page<OrganisationMembershipDto>> {
    return this.memberships.list(user, id, query);
  }

  /** An owner (or the secretariat) adds an existing account by email; 201 for a new member, 200 when it approves that user's pending join request. */
  @Post('members')
  @ApiCreatedResponse({ type: OrganisationMembershipDto })
  @ApiOkResponse({ type: OrganisationMembershipDto, description: "The user's pending join request, now approved" })
  @ApiForbiddenResponse({ description: '`FORBIDDEN`: owners and secretariat only' })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: no such organisation, or no active account with this email ("User not found")' })
  @ApiConflictResponse({ description: '`ALREADY_MEMBER`' })
  async add(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Body() body: AddOrganisationMemberDto, @Res({ passthrough: true }) response: FastifyReply): Promise<OrganisationMembershipDto> {
    return respond(response, await this.memberships.add(user, id, body));
  }

  /** Ask to join an approved organisation: 201 with a `requested` membership; asking again while it is open answers 200 with the same request. */
  @Post('join-requests')
  @ApiCreatedResponse({ type: OrganisationMembershipDto })
  @ApiOkResponse({ type: OrganisationMembershipDto, description: 'The join request already open' })
  @ApiConflictResponse({ description: '`ALREADY_MEMBER`; `CONFLICT` when the organisation is not approved' })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`' })
  async requestToJoin(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Res({ passthrough: true }) response: FastifyReply): Promise<OrganisationMembershipDto> {
    return respond(response, await this.memberships.requestToJoin(user, id));
  }

  /** Owner or secretariat: approve a join request (`{state: "active"}`) and/or change the role. */
  @Patch('members/:userId')
  @ApiOkResponse({ type: OrganisationMembershipDto })
  @ApiForbiddenResponse({ description: '`FORBIDDEN`: owners and secretariat only' })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: no such organisation or membership' })
  @ApiConflictResponse({ description: '`LAST_OWNER`: the last owner cannot be demoted' })
  update(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @IdParam('Membership', 'userId', "The member's user id") userId: string, @Body() body: UpdateOrganisationMemberDto): Promise<OrganisationMembershipDto> {
    return this.memberships.update(user, id, userId, body);
  }

  /** Owner or secretariat: remove a member or decline a join request. Anyone: leave (or withdraw a request) with their own id. */
  @Delete('members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: '`FORBIDDEN`: owners and secretariat only (unless removing yourself)' })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: no such organisation or membership' })
  @ApiConflictResponse({ description: '`LAST_OWNER`: the last owner cannot leave or be removed' })
  async remove(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @IdParam('Membership', 'userId', "The member's user id") userId: string): Promise<void> {
    await this.memberships.remove(user, id, userId);
  }
}

function respond(response: FastifyReply, outcome: MembershipOutcome): OrganisationMembershipDto {
  response.status(outcome.created ? 201 : 200);
  return outcome.membership;
}
