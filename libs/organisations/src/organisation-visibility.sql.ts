import type { SqlParams } from '@meridian/database';

/**
 * Who may see organisations, and who counts as a network member, as SQL fragments: the one definition each,
 * used by this lib's repositories and by the visibility predicates of every other domain.
 */

/** Who is looking: decides which organisations exist for them. */
export interface OrganisationViewer {
  userId: string | null;
  secretariat: boolean;
}

/**
 * Anonymous callers see approved organisations, signed-in users also those they belong to (in any state), the
 * secretariat all. `alias` is an organisation row.
 */
export function organisationVisibleSql(alias: string, viewer: OrganisationViewer, params: SqlParams): string {
  if (viewer.secretariat) return 'TRUE';
  if (!viewer.userId) return `${alias}.status = 'approved'`;
  return `(${alias}.status = 'approved' OR EXISTS (SELECT 1 FROM organisation_membership vm WHERE vm.organisation_id = ${alias}.id AND vm.user_id = ${params.add(viewer.userId)}))`;
}

/** The user whose id is `userIdExpression` is an active member of an approved organisation. */
export function isNetworkMemberSql(userIdExpression: string): string {
  return `EXISTS (SELECT 1 FROM organisation_membership nm JOIN organisation nmo ON nmo.id = nm.organisation_id
            WHERE nm.user_id = ${userIdExpression} AND nm.state = 'active' AND nmo.status = 'approved')`;
}
