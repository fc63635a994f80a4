import { Module } from '@nestjs/common';
import { OrganisationMembersController } from './organisation-members.controller';
import { OrganisationMembershipRepository } from './organisation-membership.repository';
import { OrganisationMembershipService } from './organisation-membership.service';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { OrganisationsController } from './organisations.controller';

/** Organisations, their memberships and the secretariat's decisions (HTTP side; the network-membership guard is global). */
@Module({
  controllers: [OrganisationsController, OrganisationMembersController],
  providers: [OrganisationRepository, OrganisationMembershipRepository, OrganisationService, OrganisationMembershipService],
  exports: [OrganisationService, OrganisationMembershipService],
})
export class OrganisationsModule {}
