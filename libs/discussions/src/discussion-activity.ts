import { Injectable } from '@nestjs/common';
import { GroupThreadActivity } from '@meridian/working-groups';
import type { EntityManager } from 'typeorm';
import { DiscussionsRepository } from './discussions.repository';

/** Unread counts and read marks of a group's threads, for the working-groups lib. */
@Injectable()
export class DiscussionActivity extends GroupThreadActivity {
  constructor(private readonly discussions: DiscussionsRepository) {
    super();
  }

  async unreadCounts(userId: string, workingGroupIds: string[]): Promise<Map<string, number>> {
    const rows = await this.discussions.unreadByGroup(userId, workingGroupIds);
    return new Map(rows.map((row) => [row.working_group_id, row.unread]));
  }

  markGroupRead(manager: EntityManager, userId: string, workingGroupId: string): Promise<number> {
    return this.discussions.markGroupRead(manager, userId, workingGroupId);
  }
}
