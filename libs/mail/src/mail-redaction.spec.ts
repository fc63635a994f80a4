import { withoutMailSecrets } from './mail-redaction';

describe('withoutMailSecrets', () => {
  it('replaces recipients an SMTP refusal quotes and link tokens, and keeps the rest of the message', () => {
    expect(withoutMailSecrets("Can't send mail - all recipients were rejected: 451 4.3.0 <Admin.One@ministry.example>: try later")).toBe(
      "Can't send mail - all recipients were rejected: 451 4.3.0 <[address]>: try later",
    );
    expect(withoutMailSecrets('failed for https://meridian.example/reset-password?token=abc_DEF-123&x=1 (to a@b.org)')).toBe(
      'failed for https://meridian.example/reset-password?token=[redacted]&x=1 (to [address])',
    );
    expect(withoutMailSecrets('connect ECONNREFUSED 127.0.0.1:2525')).toBe('connect ECONNREFUSED 127.0.0.1:2525');
  });
});
