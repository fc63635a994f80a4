import { REGIONAL } from '@meridian/taxonomy';

/** `ph` → `PH`, `Regional` → `regional`: codes are then matched exactly against the seeded list. */
export const countryCode = ({ value }: { value: unknown }) =>
  typeof value !== 'string' ? value : value.trim().toLowerCase() === REGIONAL ? REGIONAL : value.trim().toUpperCase();
