import { Module } from '@nestjs/common';
import { MembershipsService } from './memberships.service';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsRepository } from './working-groups.repository';
import { WorkingGroupsService } from './working-groups.service';

/** Needs a GroupThreadActivity provider (the global DiscussionsModule gives it). */
@Module({
  controllers: [WorkingGroupsController],
  providers: [WorkingGroupsRepository, WorkingGroupsService, MembershipsService],
  exports: [WorkingGroupsRepository, WorkingGroupsService],
})
export class WorkingGroupsModule {}
