/** Domain errors: services throw these; the one exception filter renders them as the API's error envelope. */
export interface ErrorDetail {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: ErrorDetail[], message = 'The request has invalid fields') {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}

/** 400 naming one field, for rules the DTO cannot express (a taxonomy value, a bad cursor). */
export class InvalidFieldError extends ValidationFailedError {
  constructor(field: string, message: string) {
    super([{ field, message }]);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code: 'UNAUTHORIZED' | 'TOKEN_EXPIRED' | 'INVALID_CREDENTIALS' | 'REFRESH_TOKEN_REUSED' = 'UNAUTHORIZED', message = 'Sign in to continue') {
    super(401, code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', code = 'FORBIDDEN') {
    super(403, code, message);
  }
}

/** 404 for a resource that does not exist or that the caller may not see; `resource` names it ("Working group"). */
export class NotFoundError extends DomainError {
  constructor(resource: string) {
    super(404, 'NOT_FOUND', `${resource} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class InvalidTransitionError extends ConflictError {
  constructor(resource: string, from: string, action: string) {
    super('INVALID_TRANSITION', `Cannot ${action} a ${resource} that is ${from}`);
  }
}

export class UnprocessableError extends DomainError {
  constructor(message: string) {
    super(422, 'UNPROCESSABLE', message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests; try again later', undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
