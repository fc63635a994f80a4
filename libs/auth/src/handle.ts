/** Handles are what `@mentions` use: ASCII letters, digits and underscores, 3–30 characters, unique case-insensitively. */
export const HANDLE_PATTERN = /^[A-Za-z0-9_]{3,30}$/;

/** Words that would read as addressing everyone or as the platform itself. */
const RESERVED_HANDLES = new Set(['admin', 'administrator', 'all', 'everyone', 'here', 'me', 'meridian', 'moderator', 'secretariat', 'support', 'system']);

export function isReservedHandle(handle: string): boolean {
  return RESERVED_HANDLES.has(handle.toLowerCase());
}

/**
 * The handle a display name suggests: accents dropped, lowercase, runs of anything else as one `_`.
 * Names in scripts without an ASCII form (Thai, Chinese…) give `user`; the caller adds a number on collision.
 */
export function handleFromDisplayName(displayName: string): string {
  const base = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24)
    .replace(/_+$/, '');
  if (base.length >= 3) return base;
  return base ? `user_${base}` : 'user';
}

/** The first free handle among `base`, `base_2`, `base_3`… given the taken ones that look like it. */
export function firstFreeHandle(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((handle) => handle.toLowerCase()));
  if (!used.has(base) && !isReservedHandle(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
