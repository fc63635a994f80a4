import { Global, Module } from '@nestjs/common';
import { ApprovedOrganisationGuard, NetworkMembership } from './network-membership';
import { OrganisationMembersController } from './organisation-members.controller';
import { OrganisationMembershipRepository } from './organisation-membership.repository';
import { OrganisationMembershipService } from './organisation-membership.service';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { OrganisationsController } from './organisations.controller';

/**
 * Organisations, their memberships and the secretariat's decisions. Global: every domain's member-only routes
 * use its network-membership guard.
 */
@Global()
@Module({
  providers: [NetworkMembership, ApprovedOrganisationGuard, OrganisationRepository, OrganisationMembershipRepository, OrganisationService, OrganisationMembershipService],
  exports: [NetworkMembership, ApprovedOrganisationGuard, OrganisationService, OrganisationMembershipService],
})
export class OrganisationsModule {}

/** `/organisations…` (the api process only). */
@Module({ imports: [OrganisationsModule], controllers: [OrganisationsController, OrganisationMembersController] })
export class OrganisationsHttpModule {}
