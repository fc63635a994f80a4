import { Injectable } from '@nestjs/common';
import { GroupThreadActivity } from '@meridian/working-groups';
import type { Transaction } from '@meridian/database';
import { DiscussionsRepository } from './discussions.repository';

/** Unread counts and read marks of a group's threads, for the working-groups lib. */
@Injectable()
export class DiscussionActivity extends GroupThreadActivity {
  constructor(private readonly discussions: DiscussionsRepository) {
    super();
  }

  async unreadCounts(userId: string, workingGroupIds: string[]): Promise<Map<string, number>> {
    const rows = await this.discussions.unreadByGroup(userId, workingGroupIds);
    return new Map(rows.map((row) => [row.workingGroupId, row.unread]));
  }

  markGroupRead(tx: Transaction, userId: string, workingGroupId: string): Promise<number> {
    return this.discussions.markGroupRead(tx, userId, workingGroupId);
  }
}
