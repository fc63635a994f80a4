/**
 * OpenAPI description of the one error envelope. Controllers document their specific error cases with
 * `@ApiErrors({ 409: '`LAST_CHAIR` …' })`; createOpenApiDocument() points every 4xx response at
 * ErrorEnvelopeDto and adds the 400/401 every validated or signed-in route can answer.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ description: 'Dotted path of the field, e.g. `sections.0.heading`', example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

export class ErrorBodyDto {
  @ApiProperty({ description: 'UPPER_SNAKE error code (API.md "Error codes")', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ description: 'Human-readable text; for 404 it names the resource', example: 'The request has invalid fields' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'Per-field problems (400 VALIDATION_FAILED)' })
  details?: ErrorDetailDto[];

  @ApiProperty({ description: 'Equals the `x-request-id` response header' })
  requestId: string;
}

export class ErrorEnvelopeDto {
  @ApiProperty({ type: ErrorBodyDto })
  error: ErrorBodyDto;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** The header every 429 carries: how long the spent budget takes to allow the next request. */
export const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds until the budget allows the next request', schema: { type: 'integer', minimum: 1 } },
};

/** Documents error responses of a route (or every route of a controller) with the envelope schema (429 with Retry-After). */
export function ApiErrors(descriptions: Partial<Record<ErrorStatus, string>>) {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorEnvelopeDto, ...(status === '429' ? { headers: RETRY_AFTER_HEADER } : {}) }),
    ),
  );
}

/** Set by `@Public()` so the document can tell optional-auth routes from signed-in ones. */
export const PUBLIC_ROUTE_EXTENSION = 'x-meridian-public';
