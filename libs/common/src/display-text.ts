import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Characters a name or title may not contain (DESIGN.md §14): C0/C1 control characters (`\p{Cc}`: NUL, BEL, ESC, CR…)
 * and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text
 * around them so a name in a mail, a notification or a member list can read as something else ("…\u202Egpj.exe").
 * Other format characters stay allowed on purpose: ZWJ and ZWNJ (U+200D, U+200C) shape Devanagari, Persian and other
 * scripts' real names and join emoji sequences, and LRM/RLM (U+200E/U+200F) only mark direction without reordering.
 */
const UNSAFE_IN_DISPLAY_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export function isSafeDisplayText(value: unknown): boolean {
  return typeof value === 'string' && !UNSAFE_IN_DISPLAY_TEXT.test(value);
}

/**
 * For every name or title people read (display names, organisation names and acronyms, group names, thread titles):
 * 400 naming the field when it holds a control character or a bidi override/isolate. Combine with `@IsString()`.
 */
export function IsSafeDisplayText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSafeDisplayText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must not contain control characters or bidirectional overrides', ...options },
      validator: { validate: isSafeDisplayText },
    });
}
