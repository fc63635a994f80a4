import { accountTracker } from './auth-rate-limit.guard';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long uncommon password', () => {
    expect(passwordProblem('tide-lantern-orchid-42')).toBeUndefined();
  });

  it.each([
    ['short', /at least 10/],
    ['x'.repeat(257), /at most 256/],
    ['Password123', /too common/],
    ['QWERTYUIOP', /too common/],
  ])('refuses %p', (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });
});

describe('the account a rate-limited request is about', () => {
  const request = (body: unknown, user?: { id: string }) => ({ body, user }) as never;

  it('is the lowercased email when the body has one', () => {
    expect(accountTracker(request({ email: '  Maria@Example.ORG ' }))).toBe('email:maria@example.org');
  });

  it('is the hash of a mailed token, never the token itself', () => {
    const tracker = accountTracker(request({ token: 'secret-token' }))!;
    expect(tracker).toMatch(/^token:[0-9a-f]{64}$/);
    expect(tracker).not.toContain('secret-token');
  });

  it('is the signed-in user otherwise, and nothing for an anonymous empty body', () => {
    expect(accountTracker(request({ currentPassword: 'x' }, { id: 'u1' }))).toBe('user:u1');
    expect(accountTracker(request(undefined))).toBeUndefined();
  });
});
