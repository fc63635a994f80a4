import { Global, Module } from '@nestjs/common';
import { ApprovedOrganisationGuard, NetworkMembership } from './network-membership';

@Global()
@Module({ providers: [NetworkMembership, ApprovedOrganisationGuard], exports: [NetworkMembership, ApprovedOrganisationGuard] })
export class NetworkMembershipModule {}
