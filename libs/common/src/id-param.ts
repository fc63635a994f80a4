import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { NotFoundError } from './errors';
import { isUuid } from './ids';

/** A path id that is not a UUID names nothing: 404 NOT_FOUND naming the resource, the same as an unknown id (API.md). */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}

  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError(this.resource);
    return value;
  }
}

/** A path parameter that is an id or a slug (`/working-groups/:id`): anything shaped like neither names nothing. */
@Injectable()
export class RefParamPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}

  transform(value: string): string {
    if (!isUuid(value) && !SLUG.test(value)) throw new NotFoundError(this.resource);
    return value;
  }
}

/** Lowercase words joined by hyphens; matched without regard to case, as the slug columns (citext) are. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i;

function pathParam(name: string, pipe: PipeTransform, description: string, format?: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, pipe)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    ApiParam({ name, type: String, ...(format ? { format } : {}), description })(target, key, descriptor);
  };
}

/**
 * The id in the path, checked before the handler runs: `@IdParam('Thread') id: string`, or
 * `@IdParam('Membership', 'userId', "the member's user id")` for another parameter. Documented as `format: uuid`.
 */
export function IdParam(resource: string, name = 'id', description = `${resource} id`): ParameterDecorator {
  return pathParam(name, new UuidParamPipe(resource), description, 'uuid');
}

/** An id or a slug in the path (`@RefParam('Working group')`); slugs keep working. */
export function RefParam(resource: string, name = 'id'): ParameterDecorator {
  return pathParam(name, new RefParamPipe(resource), `${resource} id or slug`);
}
