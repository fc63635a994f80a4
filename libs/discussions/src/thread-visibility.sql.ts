import { groupContentVisibleSql, ViewerSql } from '@meridian/working-groups';

/** THE visibility of a thread (and of its posts): not deleted, in a group whose content the viewer sees. `g` is its group. */
export function threadVisibleSql(t: string, g: string, viewer: ViewerSql): string {
  return `(${t}.deleted_at IS NULL AND ${groupContentVisibleSql(g, viewer)})`;
}
