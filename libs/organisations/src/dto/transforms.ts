import { REGIONAL } from '@meridian/taxonomy';

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `ph` → `PH`, `Regional` → `regional`: codes are then matched exactly against the seeded list. */
export const countryCode = ({ value }: { value: unknown }) =>
  typeof value !== 'string' ? value : value.trim().toLowerCase() === REGIONAL ? REGIONAL : value.trim().toUpperCase();
