/**
 * Answers the framework gives before any controller runs — a wrong method, a CORS preflight, a request too large for
 * the HTTP parser — in the one error envelope with a request id, like every other error (API.md "Errors").
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DomainError, sendError, toErrorEnvelope } from '@meridian/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** The connection-level errors Node's HTTP parser raises (no request object exists yet). */
function connectionError(error: NodeJS.ErrnoException): DomainError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError(431, 'REQUEST_HEADERS_TOO_LARGE', 'The request line and headers exceed 16 KB');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError(408, 'REQUEST_TIMEOUT', 'The request took too long to arrive');
    default:
      return new DomainError(400, 'VALIDATION_FAILED', 'The HTTP request is malformed');
  }
}

/** Fastify's `clientErrorHandler`: Node would otherwise answer 431 (URL or headers over 16 KB) and 400 with a bare line. */
export function answerConnectionError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const domainError = connectionError(error);
  const body = JSON.stringify(toErrorEnvelope(domainError, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${domainError.status} ${STATUS_CODES[domainError.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** A Fastify route path (`/api/v1/working-groups/:id/members`, `/events/:id.ics`, `/api/docs/*`) as a regular expression over URL paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * Answers 405 METHOD_NOT_ALLOWED with `Allow` instead of 404 when the path exists with other methods. Routes are
 * collected as Fastify registers them, so every route (controllers, health, docs) takes part without a list here.
 */
export function installMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  fastify.addHook('onRoute', (route) => {
    // `OPTIONS *` only lets @fastify/cors answer preflights; it says nothing about which paths exist.
    if (route.url === '*') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const existing = routes.find((candidate) => candidate.pattern.source === routePattern(route.url).source);
    if (existing) methods.forEach((method) => existing.methods.add(method));
    else routes.push({ pattern: routePattern(route.url), methods: new Set(methods) });
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!request.is404 || request.method === 'OPTIONS') return done();
    const path = request.url.split('?')[0];
    const allowed = new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => [...route.methods]));
    if (allowed.size === 0) return done();
    const allow = [...allowed].sort().join(', ');
    sendError(reply, new DomainError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}`, undefined, { Allow: allow }));
  });
}

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;
/** @fastify/cors's per-request form (the package comes with @nestjs/platform-fastify). */
type CorsDelegate = (request: FastifyRequest, callback: (error: Error | null, options?: CorsOptions) => void) => void;

export interface CorsPolicy {
  origins: readonly string[];
  exposedHeaders: string[];
}

/**
 * The options of @fastify/cors per request. Preflights it would refuse are refused here, so they get the envelope:
 * without `Origin` or `Access-Control-Request-Method` → 400 (it answered text/plain), from an origin not on the
 * allow-list → 403 (it answered 404). Other requests from such origins are served without CORS headers.
 */
export function corsOptionsFor(policy: CorsPolicy): CorsDelegate {
  return (request, callback) => {
    const origin = request.headers.origin;
    const allowed = origin !== undefined && policy.origins.includes(origin);
    if (request.method === 'OPTIONS') {
      const missing = [!origin && 'Origin', !request.headers['access-control-request-method'] && 'Access-Control-Request-Method'].filter((name): name is string => !!name);
      if (missing.length) {
        const details = missing.map((field) => ({ field, message: `a CORS preflight sends the ${field} header` }));
        return callback(new DomainError(400, 'VALIDATION_FAILED', 'Not a CORS preflight request', details));
      }
      if (!allowed) return callback(new DomainError(403, 'FORBIDDEN', 'This origin may not call the API from a browser'));
    }
    callback(null, {
      origin: allowed ? origin : false,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: policy.exposedHeaders,
    });
  };
}
