import { applyDecorators, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { ApiErrors, BackoffPolicy, RateBudgets, RateLimitedError } from '@meridian/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth-user';
import { hashOpaqueToken } from './opaque-token';
import { SecurityLog } from './security-log';

/** The named throttlers registered in ApiModule: `auth` (AUTH_RATE_LIMIT per AUTH_RATE_WINDOW_SECONDS), `write` (WRITE_RATE_LIMIT). */
export const AUTH_THROTTLER = 'auth';
export const WRITE_THROTTLER = 'write';

/** Failed-or-not sign-in attempts count against an account for this long (its back-off memory). */
export const SIGN_IN_MEMORY_SECONDS = 3600;

const SIGN_IN_BACKOFF = 'meridian:sign-in-backoff';

/** How an address is compared wherever a budget is keyed on one: `Ana@Example.org ` and `ana@example.org` are one budget. */
export function normalisedEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The account a request is about, so one account cannot be hammered from many addresses: the normalised
 * email of the body, else the mailed token it carries, else the signed-in user.
 */
export function accountTracker(request: FastifyRequest & { user?: AuthUser }): string | undefined {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body.email === 'string' && body.email.trim()) return `email:${normalisedEmail(body.email)}`;
  if (typeof body.token === 'string' && body.token) return `token:${hashOpaqueToken(body.token)}`;
  if (request.user?.id) return `user:${request.user.id}`;
  return undefined;
}

/** Meridian's throttler guards: over a budget → 429 RATE_LIMITED with Retry-After, rendered by the one error filter. */
abstract class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(limit.timeToBlockExpire > 0 ? limit.timeToBlockExpire : limit.timeToExpire);
  }
}

/**
 * Throttles an auth route per client IP and per account (Redis-backed when REDIS_URL is set, so every api instance
 * shares the counters). The per-account budget of sign-in backs off progressively instead of locking the account:
 * a fixed per-account limit let anyone keep the owner out for as long as they kept trying, while ever longer
 * delays (capped at AUTH_BACKOFF_MAX_SECONDS) always leave the next attempt a bounded wait away and still make
 * guessing exponentially slow (DESIGN.md §14, "Brute force", "Budgets everywhere").
 */
@Injectable()
export class AuthRateLimitGuard extends RateLimitGuard {
  private readonly signInBackoff: BackoffPolicy;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly budgets: RateBudgets,
    private readonly security: SecurityLog,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(options, storage, reflector);
    const { limit, windowSeconds, backoffMaxSeconds } = config.authRateLimit;
    // The first delay is the budget's own pace (AUTH_RATE_WINDOW_SECONDS / AUTH_RATE_LIMIT), then it doubles.
    this.signInBackoff = { name: 'sign-in', freeAttempts: limit, baseSeconds: windowSeconds / limit, maxSeconds: backoffMaxSeconds, memorySeconds: SIGN_IN_MEMORY_SECONDS };
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name !== AUTH_THROTTLER) return true;
    await super.handleRequest(props);
    const account = accountTracker(props.context.switchToHttp().getRequest());
    if (!account) return true;
    if (!this.reflector.get<boolean>(SIGN_IN_BACKOFF, props.context.getHandler())) {
      await super.handleRequest({ ...props, getTracker: async () => account });
      return true;
    }
    const decision = await this.budgets.attempt(this.signInBackoff, account);
    if (!decision.allowed) {
      this.security.record('login.backed_off', { retryAfterSeconds: decision.retryAfterSeconds });
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
    return true;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every write (POST, PUT, PATCH, DELETE) spends from one budget per client IP (WRITE_IP_RATE_LIMIT) and, when signed
 * in, one per user (WRITE_RATE_LIMIT), across all routes (OWASP API4:2023): posts, threads, applications,
 * invitations and reactions alike, and any write route added later without anyone remembering a decorator.
 * Registered as a global guard after the bearer guard, so the user is known; the auth routes skip it for their own
 * budgets. Reads are never counted.
 */
@Injectable()
export class WriteRateLimitGuard extends RateLimitGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http' || !WRITE_METHODS.has(context.switchToHttp().getRequest<FastifyRequest>().method);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name !== WRITE_THROTTLER) return true;
    await super.handleRequest({ ...props, limit: this.config.writeRateLimit.ipLimit });
    const user = props.context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user) await super.handleRequest({ ...props, getTracker: async () => `user:${user.id}` });
    return true;
  }

  /** One budget across every write route (ThrottlerGuard's default key is per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}

/**
 * Login, register, verification, reset and password change: per-IP and per-account budgets instead of the write
 * budget. `{ account: 'backoff' }` (sign-in) makes the per-account budget back off progressively.
 */
export const AuthRateLimit = (options: { account?: 'budget' | 'backoff' } = {}) =>
  applyDecorators(
    UseGuards(AuthRateLimitGuard),
    SetMetadata(SIGN_IN_BACKOFF, options.account === 'backoff'),
    SkipThrottle({ [WRITE_THROTTLER]: true }),
    ApiErrors({
      429:
        options.account === 'backoff'
          ? '`RATE_LIMITED` when the IP sent too many requests, or while the account waits out its back-off (ever longer after `AUTH_RATE_LIMIT` attempts, at most `AUTH_BACKOFF_MAX_SECONDS`)'
          : '`RATE_LIMITED` when the IP or the account sent too many requests',
    }),
  );
