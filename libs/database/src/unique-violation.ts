import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation (SQLSTATE 23505), optionally on one named constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * Runs a statement that may break a unique constraint and answers `answer` when it does, so the repository
 * turns the violation into a domain answer (a service never sees SQLSTATE). PostgreSQL has aborted the
 * transaction the statement ran in by then: the caller ends it, typically by throwing its domain error.
 * Prefer `INSERT … ON CONFLICT DO NOTHING RETURNING` where it fits; this is for `UPDATE`s.
 */
export async function unlessUniqueViolation<T, A>(statement: Promise<T>, answer: A, constraint?: string): Promise<T | A> {
  try {
    return await statement;
  } catch (error) {
    if (isUniqueViolation(error, constraint)) return answer;
    throw error;
  }
}
