import { ConflictError, ForbiddenError } from '@meridian/common';
import type { WorkingGroupStatus } from './entities/working-group.entity';
import type { MembershipRole, MembershipState } from './entities/working-group-membership.entity';

/** What the rules need to know about a caller and a group they can see. */
export interface GroupAccessFacts {
  status: WorkingGroupStatus;
  myRole: MembershipRole | null;
  myState: MembershipState | null;
  secretariat: boolean;
  contentVisible: boolean;
}

export function isActiveMember(facts: GroupAccessFacts): boolean {
  return facts.myState === 'active';
}

/** Chair powers: active chairs and co-chairs, and the secretariat. */
export function canModerate(facts: GroupAccessFacts): boolean {
  return facts.secretariat || (facts.myState === 'active' && (facts.myRole === 'chair' || facts.myRole === 'co_chair'));
}

/** Naming or removing chairs: chairs and the secretariat (not co-chairs). */
export function canManageChairs(facts: GroupAccessFacts): boolean {
  return facts.secretariat || (facts.myState === 'active' && facts.myRole === 'chair');
}

/** Posting: active members other than observers, and the secretariat. */
export function canPost(facts: GroupAccessFacts): boolean {
  return facts.secretariat || (facts.myState === 'active' && facts.myRole !== 'observer');
}

export function assertContentVisible(facts: GroupAccessFacts): void {
  if (!facts.contentVisible) throw new ForbiddenError('Only members of this private group see its discussions');
}

export function assertCanModerate(facts: GroupAccessFacts): void {
  if (!canModerate(facts)) throw new ForbiddenError('Only the chairs of this group and the secretariat can do this');
}

export function assertCanPost(facts: GroupAccessFacts): void {
  if (!canPost(facts)) {
    throw new ForbiddenError(facts.myState === 'active' ? 'Observers read but do not post' : 'Only active members of this group can post');
  }
}

export function assertNotArchived(facts: Pick<GroupAccessFacts, 'status'>): void {
  if (facts.status === 'archived') throw new ConflictError('GROUP_ARCHIVED', 'This working group is archived and read-only');
}
