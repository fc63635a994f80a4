import { clientRequestId } from '@meridian/common';

/** A SQLSTATE: five digits or upper-case letters. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** What a log line may say about a PostgreSQL error: where it happened and why, never the values involved. */
const DATABASE_ERROR_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;

type ErrorLike = Error & Record<string, unknown>;

/** pg's DatabaseError, or TypeORM's QueryFailedError wrapping one. */
function isDatabaseError(error: ErrorLike): boolean {
  return error.name === 'QueryFailedError' || (typeof error.code === 'string' && SQLSTATE.test(error.code) && typeof error.severity === 'string');
}

/**
 * No secret in logs (DESIGN.md §14): a database error is logged by its code, constraint, table and column, never with
 * the query's parameters (emails, password hashes, tokens' hashes) nor PostgreSQL's `detail` ("Key (email)=(…)",
 * "Failing row contains (…)"), which TypeORM's QueryFailedError and pino's error serializer would both carry. A data
 * exception's message (SQLSTATE class 22) can quote the rejected input, so only its first clause is kept.
 */
function databaseError(error: ErrorLike): Record<string, unknown> {
  const driver = (error.driverError as ErrorLike | undefined) ?? error;
  const code = typeof driver.code === 'string' ? driver.code : undefined;
  const message = code?.startsWith('22') ? String(driver.message).split(':')[0] : String(driver.message);
  const frames = String(error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
  const safe: Record<string, unknown> = { type: error.name, message, stack: [`${error.name}: ${message}`, ...frames].join('\n') };
  for (const field of DATABASE_ERROR_FIELDS) if (driver[field] !== undefined) safe[field] = driver[field];
  return safe;
}

/**
 * pino-http applies pino's standard error serializer first and hands us its result, whose `raw` is the thrown value.
 * Database errors, also as the cause of another error, are reduced to what databaseError() allows.
 */
export function serializeLoggedError(serialized: Record<string, unknown> & { raw?: unknown }): unknown {
  const raw = (serialized?.raw ?? serialized) as ErrorLike | undefined;
  if (!raw || typeof raw !== 'object') return serialized;
  if (isDatabaseError(raw)) return databaseError(raw);
  const cause = raw.cause as ErrorLike | undefined;
  if (cause && typeof cause === 'object' && isDatabaseError(cause)) {
    const safeCause = databaseError(cause);
    return { type: serialized.type, message: raw.message, stack: raw.stack, cause: safeCause };
  }
  return serialized;
}

/** The request as log lines show it: our id, the caller's `x-request-id` beside it (never as the id), method, path. */
export function serializeLoggedRequest(req: { id: string; method: string; url: string; headers?: Record<string, string | string[] | undefined> }): Record<string, unknown> {
  return { id: req.id, clientRequestId: req.headers ? clientRequestId(req.headers) : undefined, method: req.method, url: req.url?.split('?')[0] };
}
