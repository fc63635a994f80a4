import { applyDecorators, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@meridian/auth';
import { IdParam, type Page } from '@meridian/common';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.dto';
import { OrganisationDecisionDto } from './dto/organisation-decision.dto';
import { OrganisationDto, OrganisationPageDto } from './dto/organisation.dto';
import { OrganisationService } from './organisation.service';

/** A secretariat decision: 200 with the organisation (`@HttpCode(200)` stays on each method, where the swagger plugin sees it). */
const SecretariatDecision = () =>
  applyDecorators(
    Roles('secretariat'),
    ApiOkResponse({ type: OrganisationDto }),
    ApiForbiddenResponse({ description: '`FORBIDDEN`: secretariat only' }),
    ApiNotFoundResponse({ description: '`NOT_FOUND`' }),
    ApiConflictResponse({ description: '`INVALID_TRANSITION`: the organisation is not in a status this decision applies to' }),
  );

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationService) {}

  /** Apply for an organisation: it starts `applied` and the caller becomes its owner. */
  @Post()
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiBadRequestResponse({ description: '`VALIDATION_FAILED` with `details` per field (an unknown `type` or `country` included)' })
  @ApiConflictResponse({ description: '`ORGANISATION_NAME_TAKEN`: an organisation has this name (ignoring case)' })
  @ApiUnauthorizedResponse({ description: '`UNAUTHORIZED`' })
  apply(@CurrentUser() user: AuthUser, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.apply(user, body);
  }

  /** The directory: anonymous callers see approved organisations, signed-in users also their own, the secretariat all. Ordered by name. */
  @Get()
  @Public()
  @ApiOkResponse({ type: OrganisationPageDto })
  list(@CurrentUser() user: AuthUser | undefined, @Query() query: ListOrganisationsQuery): Promise<Page<OrganisationDto>> {
    return this.organisations.list(user, query);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: '`NOT_FOUND`: no such organisation, or not visible to the caller' })
  get(@CurrentUser() user: AuthUser | undefined, @IdParam('Organisation') id: string): Promise<OrganisationDto> {
    return this.organisations.get(user, id);
  }

  /** Secretariat: `applied → approved`. Audit-logged. */
  @Post(':id/approve')
  @HttpCode(200)
  @SecretariatDecision()
  approve(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Body() body: OrganisationDecisionDto): Promise<OrganisationDto> {
    return this.organisations.decide(user, id, 'approve', body.reason);
  }

  /** Secretariat: `applied → rejected`. Audit-logged. */
  @Post(':id/reject')
  @HttpCode(200)
  @SecretariatDecision()
  reject(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Body() body: OrganisationDecisionDto): Promise<OrganisationDto> {
    return this.organisations.decide(user, id, 'reject', body.reason);
  }

  /** Secretariat: `approved → suspended`; its members lose member-only powers. Audit-logged. */
  @Post(':id/suspend')
  @HttpCode(200)
  @SecretariatDecision()
  suspend(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Body() body: OrganisationDecisionDto): Promise<OrganisationDto> {
    return this.organisations.decide(user, id, 'suspend', body.reason);
  }

  /** Secretariat: `suspended → approved`. Audit-logged. */
  @Post(':id/reinstate')
  @HttpCode(200)
  @SecretariatDecision()
  reinstate(@CurrentUser() user: AuthUser, @IdParam('Organisation') id: string, @Body() body: OrganisationDecisionDto): Promise<OrganisationDto> {
    return this.organisations.decide(user, id, 'reinstate', body.reason);
  }
}
