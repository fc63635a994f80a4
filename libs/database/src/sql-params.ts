/**
 * Positional parameters for hand-written SQL: `params.add(value)` keeps the value and answers its placeholder
 * (`$3`), so fragments compose without counting `$n` by hand.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
