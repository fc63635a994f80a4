import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorEnvelopeDto, PUBLIC_ROUTE_EXTENSION, RETRY_AFTER_HEADER } from '@meridian/common';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ParameterObject = { in?: string };
type ResponseObject = { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> };

const ERROR_ENVELOPE_REF = { $ref: `#/components/schemas/${ErrorEnvelopeDto.name}` };

const WRITE_BUDGET_SPENT = '`RATE_LIMITED` when the caller (`WRITE_RATE_LIMIT`) or the client IP (`WRITE_IP_RATE_LIMIT`) spent its write budget for the window';

/**
 * Makes error responses uniform without every controller repeating them: every 4xx answers the envelope;
 * routes that need a signed-in caller document 401 (public ones mark the bearer token optional); routes
 * that take a body or query document 400 VALIDATION_FAILED; every write documents the write budget's 429
 * (WriteRateLimitGuard counts every POST/PUT/PATCH/DELETE), and every 429 its Retry-After header.
 */
function documentErrors(document: OpenAPIObject): void {
  for (const methods of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = methods[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const isPublic = operation[PUBLIC_ROUTE_EXTENSION] === true;
      delete operation[PUBLIC_ROUTE_EXTENSION];
      const responses = operation.responses as unknown as Record<string, ResponseObject>;
      if (isPublic && operation.security) operation.security = [...operation.security, {}];
      if (!isPublic && operation.security?.length && !responses['401']) {
        responses['401'] = {
          description: '`UNAUTHORIZED` (no or bad token, or its session signed out) or `TOKEN_EXPIRED` (expired, or issued with a role the user no longer has: refresh)',
        };
      }
      const takesInput = !!operation.requestBody || (operation.parameters ?? []).some((parameter) => (parameter as ParameterObject).in === 'query');
      if (takesInput && !responses['400']) responses['400'] = { description: '`VALIDATION_FAILED` with `details` per field (unknown fields included)' };
      if (method !== 'get' && !responses['429']) responses['429'] = { description: WRITE_BUDGET_SPENT };
      if (responses['429']) responses['429'].headers ??= RETRY_AFTER_HEADER;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && Number(status) < 500 && !response.content) {
          response.content = { 'application/json': { schema: ERROR_ENVELOPE_REF } };
        }
      }
    }
  }
}

/** Sorts object keys recursively so the committed openapi.json has a stable order (arrays keep theirs). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Meridian API')
    .setDescription(
      'HTTP contract of Meridian, the platform of a research network on migration policy in Asia and the Pacific. ' +
        'Errors use one envelope (schema `ErrorEnvelopeDto`): `{ "error": { "code", "message", "details"?, "requestId" } }`. Lists take `limit` and `cursor` and answer `{ items, nextCursor }`. ' +
        'Bodies are JSON; `application/x-www-form-urlencoded` only where a form is expected (`POST /unsubscribe`), anything else is 415. ' +
        "Every response carries `x-request-id`, the server's id for the request (the one in the audit log); a client's own `x-request-id` is logged beside it, never used as the id.",
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    extraModels: [ErrorEnvelopeDto],
  });
  documentErrors(document);
  return sortKeys(document) as OpenAPIObject;
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
