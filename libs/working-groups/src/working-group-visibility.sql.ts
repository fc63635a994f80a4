import type { SqlParams } from '@meridian/database';
import { isNetworkMemberSql } from '@meridian/organisations';

/**
 * THE visibility rules of working groups (DESIGN.md §5) as SQL fragments, for every list, read, search and
 * socket subscription. Repositories are their only callers.
 */

/** Who is looking, as SQL expressions: parameters for the caller, or columns of a joined user (mention resolution). */
export interface ViewerSql {
  userId: string;
  isSecretariat: string;
}

export interface Viewer {
  id: string;
  platformRole: string;
}

export function viewerParams(params: SqlParams, viewer: Viewer | null | undefined): ViewerSql {
  return {
    userId: `${params.add(viewer?.id ?? null)}::uuid`,
    isSecretariat: `${params.add(viewer?.platformRole === 'secretariat' || viewer?.platformRole === 'admin')}::boolean`,
  };
}

/** A user row joined as `alias` seen as a viewer (its platform role decides secretariat powers). */
export function viewerColumns(alias: string): ViewerSql {
  return { userId: `${alias}.id`, isSecretariat: `(${alias}.platform_role IN ('secretariat', 'admin'))` };
}

/**
 * Content (threads, posts, members) of the group aliased `g`: public → everyone; network → members of an approved
 * organisation and the secretariat; private → active members (who are network members) and the secretariat.
 */
export function groupContentVisibleSql(g: string, viewer: ViewerSql): string {
  return `(${g}.visibility = 'public' OR ${viewer.isSecretariat} OR (${isNetworkMemberSql(viewer.userId)} AND (${g}.visibility = 'network'
    OR EXISTS (SELECT 1 FROM working_group_membership vm WHERE vm.working_group_id = ${g}.id AND vm.user_id = ${viewer.userId} AND vm.state = 'active'))))`;
}

/** The group itself (name, mandate): its content's readers, plus users with a pending request or an invitation. */
export function groupVisibleSql(g: string, viewer: ViewerSql): string {
  return `(${groupContentVisibleSql(g, viewer)}
    OR EXISTS (SELECT 1 FROM working_group_membership vp WHERE vp.working_group_id = ${g}.id AND vp.user_id = ${viewer.userId} AND vp.state IN ('pending', 'invited')))`;
}
