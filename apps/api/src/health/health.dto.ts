export type CheckState = 'up' | 'down';

export class HealthChecksDto {
  database: CheckState;
  queue: CheckState;
}

export class HealthDto {
  /** `ok` when every dependency is up, else `error` (answered with HTTP 503) */
  status: 'ok' | 'error';
  checks: HealthChecksDto;
}
