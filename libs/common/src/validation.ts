import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { ErrorDetail, ValidationFailedError } from './errors';

const NULLABLE = Symbol('meridian:nullable');

/**
 * Marks a request field that accepts `null` (e.g. to clear a value). Every other field answers 400 naming it when
 * sent `null` (API.md), also where `@IsOptional()` would let null through. Pair it with `@ApiProperty({ nullable: true })`.
 */
export function Nullable(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    const fields: Set<string | symbol> = Reflect.getOwnMetadata(NULLABLE, target) ?? new Set(Reflect.getMetadata(NULLABLE, target) ?? []);
    fields.add(property);
    Reflect.defineMetadata(NULLABLE, fields, target);
  };
}

function acceptsNull(instance: object, property: string): boolean {
  return (Reflect.getMetadata(NULLABLE, Object.getPrototypeOf(instance)) as Set<string | symbol> | undefined)?.has(property) ?? false;
}

/** Flattens class-validator's tree into dotted paths such as `sections.0.heading`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `${field} is not an allowed field` : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Dotted paths of the `null` values in a transformed DTO (nested DTOs and arrays of them included) that their class does not mark @Nullable(). */
export function unexpectedNulls(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unexpectedNulls(item, `${prefix}${index}.`));
  // Only class instances carry rules; a free-form object (a Record body, `data`) says nothing about null.
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) === Object.prototype) return [];
  return Object.entries(value).flatMap(([property, item]) =>
    item === null ? (acceptsNull(value, property) ? [] : [`${prefix}${property}`]) : unexpectedNulls(item, `${prefix}${property}.`),
  );
}

/** A ValidationError tree for one dotted path, so nulls render through the same flattening as class-validator's errors. */
function errorAt(path: string, constraints: Record<string, string>): ValidationError {
  const [property, ...rest] = path.split('.');
  return rest.length ? { property, children: [errorAt(rest.join('.'), constraints)] } : { property, constraints, children: [] };
}

/**
 * Nest's pipe with the API's rules: unknown fields rejected, `details` per dotted field, and `null` only where a field
 * is @Nullable() — class-validator's @IsOptional() treats null as absent and would hand it to the service.
 */
class MeridianValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const reported = new Set(flattenValidationErrors(errors).map((detail) => detail.field));
    const nulls = unexpectedNulls(object).filter((field) => !reported.has(field));
    return [...errors, ...nulls.map((field) => errorAt(field, { isNotNull: `${field} must not be null` }))];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new MeridianValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
