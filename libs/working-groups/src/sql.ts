/** Positional parameters for hand-written SQL: `params.add(value)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

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

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
