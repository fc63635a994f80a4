import { isNetworkMemberSql } from '@meridian/organisations';
import type { ViewerSql } from './sql';

/**
 * THE visibility rules of working groups (DESIGN.md §5), as SQL predicates used by every list, read,
 * search and socket subscription. `g` is the alias of a working_group row.
 *
 * Content (threads, posts, members): public → everyone; network → members of an approved organisation
 * and the secretariat; private → active members (who are network members) and the secretariat.
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
