import { applyDecorators, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { RateLimitedError } from '@meridian/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth-user';
import { hashOpaqueToken } from './opaque-token';

/** The named throttler registered in ApiModule (AUTH_RATE_LIMIT requests per AUTH_RATE_WINDOW_SECONDS). */
export const AUTH_THROTTLER = 'auth';

/**
 * The account a request is about, so one account cannot be hammered from many addresses: the lowercased
 * email of the body, else the mailed token it carries, else the signed-in user.
 */
export function accountTracker(request: FastifyRequest & { user?: AuthUser }): string | undefined {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body.email === 'string' && body.email.trim()) return `email:${body.email.trim().toLowerCase()}`;
  if (typeof body.token === 'string' && body.token) return `token:${hashOpaqueToken(body.token)}`;
  if (request.user?.id) return `user:${request.user.id}`;
  return undefined;
}

/**
 * Throttles a route per client IP AND per account, each with the `auth` throttler's limit and window
 * (Redis-backed when REDIS_URL is set, so every api instance shares the counters). Over the limit → 429
 * RATE_LIMITED with Retry-After, rendered by the one error filter.
 */
@Injectable()
export class AuthRateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name !== AUTH_THROTTLER) return true;
    await super.handleRequest(props);
    const account = accountTracker(props.context.switchToHttp().getRequest());
    if (account) await super.handleRequest({ ...props, getTracker: async () => account });
    return true;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(limit.timeToBlockExpire > 0 ? limit.timeToBlockExpire : limit.timeToExpire);
  }
}

/** Login, register, verification, reset and password change: per-IP and per-account limits. */
export const AuthRateLimit = () =>
  applyDecorators(
    UseGuards(AuthRateLimitGuard),
    ApiTooManyRequestsResponse({ description: '`RATE_LIMITED` with a `Retry-After` header (seconds) when the IP or the account sent too many requests' }),
  );
