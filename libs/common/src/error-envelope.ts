import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorDetail } from './errors';
import { requestContext } from './request-context';

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: ErrorDetail[]; requestId?: string };
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  431: 'REQUEST_HEADERS_TOO_LARGE',
  503: 'UNAVAILABLE',
};

const logger = new Logger('Errors');

/** Maps anything thrown while serving a request onto a DomainError; unknown errors become a logged 500. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof ThrottlerException) return new DomainError(429, 'RATE_LIMITED', 'Too many requests; try again later');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    if (status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(message)) return new DomainError(404, 'NOT_FOUND', 'Route not found');
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return new DomainError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    return new DomainError(status, CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), Array.isArray(message) ? message.join('; ') : message);
  }
  if (error instanceof QueryFailedError) {
    const driverError = (error as QueryFailedError & { driverError: { code?: string; detail?: string; constraint?: string } }).driverError;
    switch (driverError?.code) {
      case '23505':
        return new DomainError(409, 'CONFLICT', 'A record with the same value already exists');
      case '23503':
        return new DomainError(422, 'UNPROCESSABLE', 'A referenced record does not exist');
      case '22P02':
      case '22007':
      case '22008':
      case '22003':
      case '22021': // a NUL byte or invalid UTF-8 in a text value
      case '22P05': // a NUL byte in JSON text
        return new DomainError(400, 'VALIDATION_FAILED', 'A value has the wrong format');
      case '23502': // a NOT NULL column given null: the validation pipe should have refused it first
        return new DomainError(400, 'VALIDATION_FAILED', 'A required value is missing');
      case '23514':
        return new DomainError(422, 'UNPROCESSABLE', 'A value breaks a rule of this record');
    }
  }
  const fastifyError = fromFastifyError(error);
  if (fastifyError) return fastifyError;
  logger.error({ err: error }, 'Unhandled error');
  return new DomainError(500, 'INTERNAL', 'Something went wrong on our side');
}

/**
 * Errors Fastify raises before a route runs (body size, bad request line), when they arrive as they are (Nest's
 * error handler usually turns them into an HttpException of the same status first).
 */
function fromFastifyError(error: unknown): DomainError | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new DomainError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  if (code === 'FST_ERR_BAD_URL') return new DomainError(400, 'VALIDATION_FAILED', 'The URL is not correctly percent-encoded', [{ field: 'path', message: 'not correctly percent-encoded' }]);
  // No id, slug or emoji is that long, so nothing can be found there.
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return new DomainError(404, 'NOT_FOUND', 'Resource not found');
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new DomainError(statusCode, CODE_BY_STATUS[statusCode] ?? 'BAD_REQUEST', String((error as Error).message));
  }
  return undefined;
}

export function toErrorEnvelope(error: DomainError, requestId?: string): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details?.length ? { details: error.details } : {}),
      requestId: requestContext.current()?.requestId ?? requestId,
    },
  };
}

/**
 * Writes the envelope for any thrown value; the one place an HTTP error body is made. `requestId` is the
 * fallback when the request context is not active (errors Fastify raises while reading a body).
 */
export function sendError(reply: FastifyReply, thrown: unknown, requestId: string | undefined = reply.request?.id): void {
  const error = toDomainError(thrown);
  if (reply.sent || reply.raw.headersSent) return;
  for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
  reply.status(error.status).type('application/json; charset=utf-8').send(toErrorEnvelope(error, requestId));
}
