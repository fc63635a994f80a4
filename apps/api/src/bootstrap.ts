import { randomUUID } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { acceptsFormBody, clientRequestId, createValidationPipe, DomainError, ErrorEnvelopeFilter, RequestContext, requestContext, sendError } from '@meridian/common';
import { AppConfig, fastifyTrustProxy, loadAppConfig, TrustProxy } from '@meridian/config';
import { RealtimeAdapter, realtimeStreamName } from '@meridian/realtime';
import { ResolvedConfig, startProcess, StartedProcess } from '@meridian/runtime';
import { DemoLogin, DemoSeeder } from '@meridian/seed';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { answerConnectionError, corsOptionsFor, installMethodNotAllowed } from './framework-answers';
import { serveOpenApi } from './openapi.setup';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Deepest nesting of objects and arrays a JSON body may have (400 MALFORMED_JSON beyond). */
export const MAX_JSON_DEPTH = 32;

export interface MeridianApp extends StartedProcess<NestFastifyApplication> {
  /** Demo logins when this start loaded the demo data (SEED_DEMO on an empty database). */
  demoLogins: DemoLogin[] | null;
}

export interface BootstrapOptions {
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  config?: AppConfig;
}

const CONTEXT = Symbol('meridian.requestContext');
type WithContext = FastifyRequest & { [CONTEXT]?: RequestContext };

/**
 * The request id on every response, and the request context (id, client ip, user agent) for audit and logs.
 * The context is entered in onRequest and again in preValidation: a body arrives through socket events,
 * outside the onRequest scope, so the handler's scope starts after parsing.
 */
function installRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: WithContext, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const context: RequestContext = { requestId: request.id, clientRequestId: clientRequestId(request.headers), ip: request.ip, userAgent: request.headers['user-agent'] };
    request[CONTEXT] = context;
    requestContext.run(context, done);
  });
  fastify.addHook('preValidation', (request: WithContext, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const context = request[CONTEXT];
    if (context) requestContext.run(context, done);
    else done();
  });
  // On send, not on request: answers made before our onRequest hook (a CORS preflight) carry it too.
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
}

/**
 * Whether JSON text opens more than `max` objects/arrays inside each other. Checked on the text before parsing:
 * validation and transformation walk bodies recursively, and a body nested thousands of levels deep (well within
 * the size limit) would overflow the stack there. RFC 8259 §9 lets a parser limit nesting; no DTO nests past ~5.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/**
 * Bodies the API reads: JSON (also `+json` types; an empty JSON body reads as `{}`), forms only on routes marked
 * @AcceptsFormBody() (RFC 8058 one-click unsubscribe), and multipart (accepted, not parsed: no route reads it yet).
 * Every other type, a form elsewhere, or a body without a type → 415; over 1 MB → 413 (Fastify's
 * FST_ERR_CTP_BODY_TOO_LARGE); malformed JSON, or JSON nested deeper than MAX_JSON_DEPTH → 400 MALFORMED_JSON.
 * Errors are DomainErrors so the one filter renders them (Nest reduces Fastify's own errors to status + message).
 */
function installBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const json = fastify.getDefaultJsonParser('error', 'ignore');
  const malformed = () => new DomainError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  const tooDeep = () => new DomainError(400, 'MALFORMED_JSON', `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`);
  const parseJson = (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    const text = body.toString();
    if (text.length === 0) return done(null, {});
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) return done(tooDeep());
    json(request, text, (error, parsed) => (error ? done(malformed()) : done(null, parsed)));
  };
  for (const type of ['application/json', /^application\/[\w.+-]+\+json$/]) {
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, parseJson);
  }
  const unsupported = (request: FastifyRequest) =>
    new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (not ${request.headers['content-type'] || 'an unlabelled body'})`);
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) =>
    acceptsFormBody(request) ? done(null, { ...parseQueryString(body as string) }) : done(unsupported(request)),
  );
  fastify.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT }, (_request, _body, done) => done(null, undefined));
  // A request without a body (`Content-Length: 0`, as clients send for a bare POST) needs no type.
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
    if (length === '0' || (length === undefined && encoding === undefined)) return done(null, undefined);
    done(unsupported(request));
  });
}

/** Hooks, body parsers, pipes, filters, CORS, helmet, OpenAPI and the socket.io adapter: the one place that assembles the app. */
export async function configureApp(app: NestFastifyApplication, config: ResolvedConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  installRequestContext(fastify);
  installMethodNotAllowed(fastify);
  installBodyParsers(fastify);
  await app.register(helmet, {
    hsts: { maxAge: 31536000, includeSubDomains: true },
    contentSecurityPolicy: { directives: { 'base-uri': ["'none'"], 'frame-ancestors': ["'none'"] } },
    frameguard: { action: 'deny' },
  });
  app.enableCors({ delegator: corsOptionsFor({ origins: config.corsOrigins, exposedHeaders: ['x-request-id', 'Retry-After', 'Location'] }) });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useWebSocketAdapter(
    new RealtimeAdapter(app, { redisUrl: config.redisUrl, streamName: realtimeStreamName(config.queuePrefix), corsOrigins: config.corsOrigins }),
  );
  serveOpenApi(app);
}

/**
 * `trustProxy` is TRUST_PROXY: X-Forwarded-For is believed only from the proxies it names (default none), so a
 * client cannot choose the IP that per-IP rate limits, sessions and the audit log see (DESIGN.md §14).
 */
export function createHttpAdapter(trustProxy: TrustProxy = false): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: fastifyTrustProxy(trustProxy),
    bodyLimit: JSON_BODY_LIMIT,
    // Always ours (a UUID): the caller's x-request-id is only logged beside it (RequestContext.clientRequestId).
    // Fastify keeps it as `request.id`; middie copies it to the raw request for pino-http.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Nest's pino-http middleware logs requests; Fastify's own logger stays off.
    logger: false,
    // Errors Fastify's router raises before any hook (a bad percent-encoding, an overlong parameter) get the envelope too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendError(reply.header('x-request-id', request.id), error, request.id),
    // Node answers URLs and headers over 16 KB (431) and unparsable requests itself; these get the envelope too.
    clientErrorHandler: answerConnectionError,
  });
}

export async function createApiApplication(config: ResolvedConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), createHttpAdapter(config.trustProxy), { bufferLogs: true, bodyParser: false, abortOnError: false });
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Listens on every interface like Node's default (IPv6 and IPv4; IPv4 only where IPv6 is unavailable). Fastify alone would listen on localhost. */
export async function listenOnAllInterfaces(app: NestFastifyApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT' && (error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
    await app.listen(port, '0.0.0.0');
  }
}

/** Builds the api (and, for MERIDIAN_ROLE=all, the worker) exactly as production runs it; e2e tests call this too. */
export async function bootstrap(options: BootstrapOptions = {}): Promise<MeridianApp> {
  const config = options.config ?? loadAppConfig(options.env ?? process.env);
  let demoLogins: DemoLogin[] | null = null;
  const started = await startProcess(config, async (resolved) => {
    const app = await createApiApplication(resolved);
    if (resolved.seedDemo) demoLogins = await app.get(DemoSeeder).seedIfEmpty();
    return app;
  });
  return { ...started, demoLogins };
}
