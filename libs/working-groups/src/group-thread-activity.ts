import type { Transaction } from '@meridian/database';

/**
 * What working groups need from their discussions, implemented by the discussions lib (which depends on
 * working groups, not the other way round).
 */
export abstract class GroupThreadActivity {
  /** Unread posts per group for a member (threads' last_post_seq − read state, arithmetic in SQL). */
  abstract unreadCounts(userId: string, workingGroupIds: string[]): Promise<Map<string, number>>;

  /** Marks every thread of the group read for the user: POST /working-groups/:id/read, and a new member's start. */
  abstract markGroupRead(tx: Transaction, userId: string, workingGroupId: string): Promise<number>;
}
