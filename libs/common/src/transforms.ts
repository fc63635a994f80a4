import { Transform } from 'class-transformer';

/** Surrounding white space is never part of a name, title or email: `@Trim()` before the validators. */
export const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
