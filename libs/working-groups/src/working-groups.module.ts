import { Module } from '@nestjs/common';
import { MembershipsService } from './memberships.service';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsRepository } from './working-groups.repository';
import { WorkingGroupsService } from './working-groups.service';

/** Working groups and their memberships. Needs a GroupThreadActivity provider (the global DiscussionsModule gives it). */
@Module({
  providers: [WorkingGroupsRepository, WorkingGroupsService, MembershipsService],
  exports: [WorkingGroupsRepository, WorkingGroupsService, MembershipsService],
})
export class WorkingGroupsModule {}

/** `/working-groups…` (the api process only). */
@Module({ imports: [WorkingGroupsModule], controllers: [WorkingGroupsController] })
export class WorkingGroupsHttpModule {}
