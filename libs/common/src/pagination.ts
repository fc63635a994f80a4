import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidFieldError } from './errors';
import { isUuid } from './ids';

/** `?limit=&cursor=` as every list takes them. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the ordered values of the last row of a page. */
export type CursorValues = (string | number | boolean | null)[];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What each position of a cursor must hold. Checking it here keeps a tampered cursor (right length,
 * wrong values) a 400 on `cursor` instead of a database cast error without details.
 */
export type CursorKind = 'string' | 'integer' | 'boolean' | 'uuid' | 'timestamp' | 'digits';

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;

const CURSOR_KIND_CHECKS: Record<CursorKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isSafeInteger(value),
  boolean: (value) => typeof value === 'boolean',
  uuid: isUuid,
  timestamp: (value) => typeof value === 'string' && TIMESTAMP_PATTERN.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))),
  digits: (value) => typeof value === 'string' && /^\d{1,20}$/.test(value),
};

/**
 * Decodes a cursor made by encodeCursor. `shape` is the kinds of its values (or just how many there are);
 * a tampered cursor is a 400 on `cursor`.
 */
export function decodeCursor(cursor: string | undefined, shape: number | readonly CursorKind[]): CursorValues | undefined {
  if (cursor === undefined) return undefined;
  const kinds = typeof shape === 'number' ? undefined : shape;
  const arity = kinds ? kinds.length : (shape as number);
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && (!kinds || kinds.every((kind, i) => CURSOR_KIND_CHECKS[kind](values[i])))) return values;
  } catch {
    // fall through to the validation error
  }
  throw new InvalidFieldError('cursor', 'cursor is not valid');
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves there is a next page.
 * `position` gives the keyset values of a row.
 */
export function toPage<Row, Item>(rows: Row[], limit: number, position: (row: Row) => CursorValues, map: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(position(pageRows[pageRows.length - 1])) : null,
  };
}
