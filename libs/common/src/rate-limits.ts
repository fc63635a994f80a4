/**
 * The one rate-limit mechanism (DESIGN.md §14 "Budgets everywhere"): @nestjs/throttler's storage — Redis when
 * REDIS_URL is set, so every process shares the counters, an in-process store in the embedded default. HTTP routes
 * spend from it through ThrottlerGuard subclasses; sockets and mail through RateBudgets, which speaks the same
 * storage with the same semantics.
 */
import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerModule, ThrottlerOptions, ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';

/** A fixed budget: `limit` units per `windowSeconds` per subject. */
export interface RateBudget {
  /** Names the counters (and keeps budgets apart): `socket-message`, `auth-mail`, … */
  name: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Progressive back-off: `freeAttempts` per `memorySeconds` pass at once, the last of them opening a delay of
 * `baseSeconds`; from then on one attempt per delay, the delay doubling with every attempt (refused ones included)
 * up to `maxSeconds`. Nobody is locked out for long — a delay is never extended by attempts made during it, so
 * the next attempt is at most `maxSeconds` away — yet guessing slows down exponentially.
 */
export interface BackoffPolicy {
  name: string;
  freeAttempts: number;
  baseSeconds: number;
  maxSeconds: number;
  memorySeconds: number;
}

export interface BudgetDecision {
  allowed: boolean;
  /** When refused: seconds until the next unit (the `Retry-After`). */
  retryAfterSeconds: number;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const UNLIMITED = Number.MAX_SAFE_INTEGER;
const ALLOWED: BudgetDecision = { allowed: true, retryAfterSeconds: 0 };

/** The delay (ms) the `attempt`-th attempt (1-based) opens; 0 while the free attempts last. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy): number {
  if (attempt < policy.freeAttempts) return 0;
  const doublings = Math.min(attempt - policy.freeAttempts, 52);
  return Math.max(1, Math.round(Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds) * 1000));
}

/** Budgets spent outside an HTTP guard (socket messages, mails), on the throttler storage. */
@Injectable()
export class RateBudgets {
  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  /** Spends one unit of `subject`'s budget; once `limit` were spent within the window, refused for a window (refusals do not extend it). */
  async spend(budget: RateBudget, subject: string): Promise<BudgetDecision> {
    const windowMs = budget.windowSeconds * 1000;
    const record = await this.storage.increment(`${budget.name}:${subject}`, windowMs, budget.limit, windowMs, budget.name);
    if (!record.isBlocked) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire || record.timeToExpire) };
  }

  /**
   * Counts an attempt of `subject` under a BackoffPolicy. Beyond the free attempts an attempt must be the first in its
   * delay's slot: a counter whose window is the delay, opened by that first attempt. Counters increment atomically
   * (a Lua script in Redis), so a burst sent at once gets one attempt through, and attempts refused inside a slot
   * never move its end.
   */
  async attempt(policy: BackoffPolicy, subject: string): Promise<BudgetDecision> {
    const memoryMs = policy.memorySeconds * 1000;
    const { totalHits } = await this.storage.increment(`${policy.name}:${subject}`, memoryMs, UNLIMITED, memoryMs, policy.name);
    const delayMs = backoffDelayMs(totalHits, policy);
    if (delayMs === 0) return ALLOWED;
    const slotName = `${policy.name}-slot`;
    const slot = await this.storage.increment(`${slotName}:${subject}`, delayMs, UNLIMITED, delayMs, slotName);
    return slot.totalHits === 1 ? ALLOWED : { allowed: false, retryAfterSeconds: Math.max(1, slot.timeToExpire) };
  }
}

interface StoredCounter {
  hits: number;
  hitsExpireAt: number;
  blockExpireAt: number;
}

/**
 * The in-process store of the embedded default, with the semantics of the Redis store's script: a fixed window
 * opened by its first hit, and a block set once when the limit is passed that refused hits do not extend.
 * (@nestjs/throttler's own in-memory store slides its window and resets after a block, so the one process
 * would limit differently from production.)
 */
export class InProcessThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly counters = new Map<string, StoredCounter>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${key}:${throttlerName}`;
    let counter = this.counters.get(id);
    if (!counter) this.counters.set(id, (counter = { hits: 0, hitsExpireAt: 0, blockExpireAt: 0 }));
    if (counter.hitsExpireAt <= now) Object.assign(counter, { hits: 0, hitsExpireAt: now + ttl });
    counter.hits += 1;
    let isBlocked = counter.blockExpireAt > now;
    if (!isBlocked && counter.hits > limit) {
      counter.blockExpireAt = now + blockDuration;
      isBlocked = true;
    }
    return {
      totalHits: counter.hits,
      timeToExpire: Math.ceil((counter.hitsExpireAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((counter.blockExpireAt - now) / 1000) : 0,
    };
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, counter] of this.counters) if (counter.hitsExpireAt <= now && counter.blockExpireAt <= now) this.counters.delete(id);
  }
}

export interface RateLimitModuleOptions {
  /** Unset: the in-process store (one process, the embedded default). */
  redisUrl?: string;
  /** Redis key prefix of every counter. */
  keyPrefix: string;
  /** The named throttlers HTTP guards use. */
  throttlers: ThrottlerOptions[];
}

/** Registers the throttler storage and RateBudgets for the whole process (global). */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitModuleOptions): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: options.throttlers,
          // Options, not a client: a passed-in ioredis client is never closed (STACK.md pitfall 5).
          storage: options.redisUrl ? new ThrottlerStorageRedisService(options.redisUrl, { keyPrefix: options.keyPrefix }) : new InProcessThrottlerStorage(),
        }),
      ],
      providers: [RateBudgets],
      exports: [ThrottlerModule, RateBudgets],
    };
  }
}
