import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe, DomainError, ErrorEnvelopeFilter, requestContext, sendError } from '@meridian/common';
import { AppConfig, loadAppConfig } from '@meridian/config';
import { RealtimeAdapter, realtimeStreamName } from '@meridian/realtime';
import { prepareRuntime, ResolvedConfig, Runtime } from '@meridian/runtime';
import { DemoLogin, DemoSeeder } from '@meridian/seed';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { serveOpenApi } from './openapi.setup';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = '1mb';

export interface MeridianApp {
  app: NestExpressApplication;
  config: ResolvedConfig;
  runtime: Runtime;
  /** Demo logins when this start loaded the demo data (SEED_DEMO on an empty database). */
  demoLogins: DemoLogin[] | null;
  /** Closes the app, then the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

export interface BootstrapOptions {
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  config?: AppConfig;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Request id (ours, or the caller's if it looks sane) on every response, in the logs and in error envelopes. */
function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (request as Request & { id: string }).id = requestId;
  response.setHeader('x-request-id', requestId);
  requestContext.run({ requestId, ip: request.ip, userAgent: request.header('user-agent') }, next);
}

/** body-parser errors (malformed JSON, too large) happen before Nest's filters: render them with the same envelope. */
function withEnvelopeErrors(parser: (req: Request, res: Response, next: NextFunction) => void) {
  return (request: Request, response: Response, next: NextFunction) =>
    parser(request, response, (error?: unknown) => (error ? sendError(response, error) : next()));
}

/** Bodies the API reads: JSON, plus forms for RFC 8058 one-click unsubscribe and multipart for uploads. Anything else → 415. */
const ACCEPTED_BODY_TYPES = ['json', '+json', 'urlencoded', 'multipart'];

function requireAcceptedMediaType(request: Request, response: Response, next: NextFunction): void {
  // `is()` answers null without a body, false when the body's type is not one of these; an empty body
  // (`Content-Length: 0`, as clients send for a bare POST) needs no type.
  const empty = request.header('content-length') === '0';
  if (!empty && request.is(ACCEPTED_BODY_TYPES) === false) {
    return sendError(response, new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (not ${request.header('content-type') ?? 'an unlabelled body'})`));
  }
  next();
}

/** Middleware, pipes, filters, CORS, helmet, OpenAPI and the socket.io adapter: the one place that assembles the app. */
export function configureApp(app: NestExpressApplication, config: ResolvedConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      hsts: { maxAge: 31536000, includeSubDomains: true },
      contentSecurityPolicy: { directives: { 'base-uri': ["'none'"], 'frame-ancestors': ["'none'"] } },
      frameguard: { action: 'deny' },
    }),
  );
  app.enableCors({
    origin: (origin, callback) => callback(null, !origin || config.corsOrigins.includes(origin)),
    credentials: true,
    exposedHeaders: ['x-request-id', 'Retry-After'],
  });
  app.use(requireAcceptedMediaType);
  app.use(withEnvelopeErrors(json({ limit: JSON_BODY_LIMIT })));
  app.use(withEnvelopeErrors(urlencoded({ extended: false, limit: JSON_BODY_LIMIT })));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useWebSocketAdapter(
    new RealtimeAdapter(app, { redisUrl: config.redisUrl, streamName: realtimeStreamName(config.queuePrefix), corsOrigins: config.corsOrigins }),
  );
  serveOpenApi(app);
}

export async function createApiApplication(config: ResolvedConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), { bufferLogs: true, bodyParser: false, abortOnError: false });
  configureApp(app, config);
  await app.init();
  return app;
}

/** Builds the api (and, for MERIDIAN_ROLE=all, the worker) exactly as production runs it; e2e tests call this too. */
export async function bootstrap(options: BootstrapOptions = {}): Promise<MeridianApp> {
  const config = options.config ?? loadAppConfig(options.env ?? process.env);
  const runtime = await prepareRuntime(config);
  try {
    const app = await createApiApplication(runtime.config);
    const demoLogins = runtime.config.seedDemo ? await app.get(DemoSeeder).seedIfEmpty() : null;
    return {
      app,
      demoLogins,
      config: runtime.config,
      runtime,
      close: async () => {
        await app.close();
        await runtime.embedded?.stop();
      },
    };
  } catch (error) {
    await runtime.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
