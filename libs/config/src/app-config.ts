import { resolve } from 'node:path';
import { Env, MeridianRole, parseEnv } from './env';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

/** The validated, resolved configuration every module reads. Secrets stay in here and never reach a log line. */
export interface AppConfig {
  role: MeridianRole;
  port: number;
  publicUrl: string;
  corsOrigins: string[];
  /** Unset means the embedded PostgreSQL (resolved at boot by the database lib). */
  databaseUrl?: string;
  /** Unset means BullMQ on PostgreSQL and the in-memory socket.io adapter. */
  redisUrl?: string;
  /** Unset in the embedded default: generated once and kept under dataDir. */
  jwtSecret?: string;
  smtpUrl?: string;
  mailFrom: string;
  queuePrefix: string;
  seedDemo: boolean;
  dataDir: string;
  fileStorageDir: string;
  maxUploadBytes: number;
  embeddedPgPort: number;
  /** Per IP and per account on the auth routes; sign-in per account backs off up to backoffMaxSeconds. */
  authRateLimit: { limit: number; windowSeconds: number; backoffMaxSeconds: number };
  /** Mails sent by the auth routes per submitted address. */
  authMailLimit: { limit: number; windowSeconds: number };
  /** Every write, per signed-in user and per client IP. */
  writeRateLimit: { userLimit: number; ipLimit: number; windowSeconds: number };
  /** `subscribe` and `typing` per socket. */
  socketMessageLimit: { limit: number; windowSeconds: number };
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  revocationCatchUpSeconds: number;
  /** Seconds after its rotation during which a rotated refresh token is answered with a fresh pair, not as theft. */
  refreshReuseGraceSeconds: number;
  /** Whose X-Forwarded-For is believed for the client IP (default: nobody's). */
  trustProxy: TrustProxy;
  logLevel: string;
  notifications: {
    emailDailyCap: number;
    outboxRedeliverSeconds: number;
    pageSize: number;
  };
}

export function buildAppConfig(env: Env): AppConfig {
  const embedded = !env.DATABASE_URL;
  const dataDir = resolve(env.DATA_DIR);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const corsOrigins = (env.CORS_ORIGINS ?? publicUrl)
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return {
    role: env.MERIDIAN_ROLE ?? (env.REDIS_URL ? 'api' : 'all'),
    port: env.PORT,
    publicUrl,
    corsOrigins,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    jwtSecret: env.JWT_SECRET,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    queuePrefix: env.QUEUE_PREFIX,
    seedDemo: env.SEED_DEMO ?? embedded,
    dataDir,
    fileStorageDir: env.FILE_STORAGE_DIR ? resolve(env.FILE_STORAGE_DIR) : resolve(dataDir, 'files'),
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    authRateLimit: { limit: env.AUTH_RATE_LIMIT, windowSeconds: env.AUTH_RATE_WINDOW_SECONDS, backoffMaxSeconds: env.AUTH_BACKOFF_MAX_SECONDS },
    authMailLimit: { limit: env.AUTH_MAIL_LIMIT, windowSeconds: env.AUTH_MAIL_WINDOW_SECONDS },
    writeRateLimit: { userLimit: env.WRITE_RATE_LIMIT, ipLimit: env.WRITE_IP_RATE_LIMIT, windowSeconds: env.WRITE_RATE_WINDOW_SECONDS },
    socketMessageLimit: { limit: env.SOCKET_MESSAGE_LIMIT, windowSeconds: env.SOCKET_MESSAGE_WINDOW_SECONDS },
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    revocationCatchUpSeconds: env.REVOCATION_CATCH_UP_SECONDS,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
    trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
    logLevel: env.LOG_LEVEL,
    notifications: {
      emailDailyCap: env.NOTIFICATION_EMAIL_DAILY_CAP,
      outboxRedeliverSeconds: env.OUTBOX_REDELIVER_SECONDS,
      pageSize: env.NOTIFICATION_PAGE_SIZE,
    },
  };
}

export function loadAppConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  return buildAppConfig(parseEnv(source));
}

/** Injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
