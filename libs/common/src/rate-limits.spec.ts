import { backoffDelayMs, BackoffPolicy, InProcessThrottlerStorage, RateBudgets } from './rate-limits';

const policy: BackoffPolicy = { name: 'sign-in', freeAttempts: 3, baseSeconds: 2, maxSeconds: 8, memorySeconds: 3600 };

describe('progressive back-off', () => {
  it('lets the free attempts through, then doubles the delay from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, policy))).toEqual([0, 0, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelayMs(10_000, policy)).toBe(8000);
  });
});

/** The in-process store (embedded default) behaves like the Redis store's script, so one process limits as production does. */
describe('the in-process throttler store and RateBudgets', () => {
  let storage: InProcessThrottlerStorage;
  let budgets: RateBudgets;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-07T09:00:00Z') });
    storage = new InProcessThrottlerStorage();
    budgets = new RateBudgets(storage);
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts a fixed window opened by its first hit and blocks once past the limit, refusals not extending the block', async () => {
    const budget = { name: 'mail', limit: 2, windowSeconds: 60 };
    expect((await budgets.spend(budget, 'a')).allowed).toBe(true);
    expect((await budgets.spend(budget, 'a')).allowed).toBe(true);
    expect(await budgets.spend(budget, 'a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    jest.advanceTimersByTime(30_000);
    expect(await budgets.spend(budget, 'a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect((await budgets.spend(budget, 'b')).allowed).toBe(true);
    jest.advanceTimersByTime(30_000);
    expect((await budgets.spend(budget, 'a')).allowed).toBe(true);
  });

  it('lets one attempt per delay through, however many are refused meanwhile', async () => {
    const outcomes: string[] = [];
    const attempt = async () => {
      const decision = await budgets.attempt(policy, 'account');
      outcomes.push(decision.allowed ? 'ok' : `wait ${decision.retryAfterSeconds}`);
    };
    for (let free = 0; free < 3; free++) await attempt();
    // Hammering during the 2 s delay the third attempt opened: refused, and the delay keeps its end.
    for (let hammer = 0; hammer < 5; hammer++) {
      await attempt();
      jest.advanceTimersByTime(300);
    }
    jest.advanceTimersByTime(500);
    await attempt();
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'wait 2', 'wait 2', 'wait 2', 'wait 2', 'wait 1', 'ok']);
    // That attempt was the ninth: its delay is the cap.
    await attempt();
    expect(outcomes.at(-1)).toBe('wait 8');
  });

  it('admits exactly one of a simultaneous burst beyond the free attempts', async () => {
    const decisions = await Promise.all(Array.from({ length: 10 }, () => budgets.attempt(policy, 'burst')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
  });
});
