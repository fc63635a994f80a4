import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { jwtSecretProblem } from './jwt-secret-policy';
import { parseTrustProxy } from './trust-proxy';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export const MERIDIAN_ROLES = ['api', 'worker', 'all'] as const;
export type MeridianRole = (typeof MERIDIAN_ROLES)[number];

/** Names of variables whose values must never appear in logs or error messages. */
export const SENSITIVE_VARIABLES = new Set(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'SMTP_URL']);

/** The process environment as Meridian reads it. Every variable is documented in README.md. */
export class Env {
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\//, { message: '$property must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^rediss?:\/\//, { message: '$property must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32, { message: '$property must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^smtps?:\/\//, { message: '$property must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  MAIL_FROM: string = 'Meridian <no-reply@meridian.local>';

  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, require_protocol: true }, { message: '$property must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  CORS_ORIGINS?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsIn(MERIDIAN_ROLES)
  MERIDIAN_ROLE?: MeridianRole;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @Matches(/^[^:\s]+$/, { message: '$property must not contain ":" or spaces' })
  QUEUE_PREFIX: string = '{meridian}';

  @IsOptional() @Transform(toBool) @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DATA_DIR: string = '.data';

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  FILE_STORAGE_DIR?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  MAX_UPLOAD_BYTES: number = 50 * 1024 * 1024;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT: number = 54329;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_RATE_LIMIT: number = 10;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_RATE_WINDOW_SECONDS: number = 60;

  /** Sign-in beyond AUTH_RATE_LIMIT attempts per account waits ever longer between attempts, never longer than this. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  AUTH_BACKOFF_MAX_SECONDS: number = 900;

  /** Mails the auth routes (register, verification resend, reset request) send to one address per window. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_MAIL_LIMIT: number = 3;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_MAIL_WINDOW_SECONDS: number = 3600;

  /** Writes (POST, PUT, PATCH, DELETE) per signed-in user per window, across every route. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  WRITE_RATE_LIMIT: number = 60;

  /** Writes per client IP per window (offices share an address, so it is larger than the per-user budget). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  WRITE_IP_RATE_LIMIT: number = 300;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  WRITE_RATE_WINDOW_SECONDS: number = 60;

  /** `subscribe` and `typing` messages per socket per window. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SOCKET_MESSAGE_LIMIT: number = 30;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SOCKET_MESSAGE_WINDOW_SECONDS: number = 10;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 30;

  /** Every process re-reads recent revocations from PostgreSQL this often, so a lost pub/sub message is caught up. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  REVOCATION_CATCH_UP_SECONDS: number = 30;

  /** A rotated refresh token presented again this soon after its rotation gets a fresh pair (two tabs refreshing at once). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(300)
  REFRESH_REUSE_GRACE_SECONDS: number = 10;

  /** Off, a hop count, or the proxies' IPs/CIDRs (comma-separated): whose X-Forwarded-For is believed. */
  @IsOptional() @Transform(emptyToUndefined) @IsString()
  TRUST_PROXY?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Immediate notification mails per user per 24 hours; the rest waits for the next daily digest. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  NOTIFICATION_EMAIL_DAILY_CAP: number = 50;

  /** Outbox events relayed this long ago and still not done are put on the queue again (a Redis restart loses nothing). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  OUTBOX_REDELIVER_SECONDS: number = 180;

  /** Recipients per fan-out page (one INSERT each). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  NOTIFICATION_PAGE_SIZE: number = 1000;

  /** BullMQ job lock; a crashed worker's jobs are retried after it lapses. Read when the processors load. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  QUEUE_LOCK_MS: number = 30000;
}

export class ConfigError extends Error {}

/** Validates the environment; throws a ConfigError whose message is one line naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const env = plainToInstance(Env, { ...source }, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    // A value of the wrong kind is reported as such before any range rule.
    const kind = ['isInt', 'isBoolean', 'isIn', 'matches', 'isUrl', 'isString'].find((rule) => rule in constraints);
    const reason = (kind ? constraints[kind] : Object.values(constraints)[0]) ?? `${first.property} is invalid`;
    const shown = SENSITIVE_VARIABLES.has(first.property) ? '' : ` (got "${String(source[first.property])}")`;
    throw new ConfigError(`Invalid configuration: ${reason}${shown}`);
  }
  if (env.DATABASE_URL && !env.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when DATABASE_URL is set (every api instance must share it)');
  }
  const secretProblem = env.JWT_SECRET === undefined ? undefined : jwtSecretProblem(env.JWT_SECRET);
  if (secretProblem) throw new ConfigError(`Invalid configuration: ${secretProblem}`);
  if (parseTrustProxy(env.TRUST_PROXY) === undefined) {
    throw new ConfigError(
      `Invalid configuration: TRUST_PROXY must be off, a hop count (1-10) or a comma-separated list of proxy IPs/CIDRs (got "${env.TRUST_PROXY}")`,
    );
  }
  return env;
}
