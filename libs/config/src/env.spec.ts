import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppConfig, ConfigError, estimatedSecretBits, fastifyTrustProxy, parseEnv } from '@meridian/config';

const randomSecret = () => randomBytes(48).toString('base64');
const ROOT = join(__dirname, '../../..');

describe('configuration', () => {
  it('defaults to the embedded single process: role all, seeding on, queue prefix a Redis Cluster hash tag', () => {
    const config = buildAppConfig(parseEnv({}));
    expect(config).toMatchObject({ role: 'all', seedDemo: true, port: 3000, queuePrefix: '{meridian}', publicUrl: 'http://localhost:3000' });
    expect(config.corsOrigins).toEqual(['http://localhost:3000']);
  });

  it('runs the api role by default once Redis is configured', () => {
    const config = buildAppConfig(parseEnv({ DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h:6379', JWT_SECRET: randomSecret() }));
    expect(config).toMatchObject({ role: 'api', seedDemo: false });
  });

  it('stops on a wrong value with one line naming the variable', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT .*\(got "eighty"\)$/);
    expect(() => parseEnv({ MERIDIAN_ROLE: 'boss' })).toThrow(/MERIDIAN_ROLE/);
  });

  it('requires JWT_SECRET with DATABASE_URL, and never echoes secret values', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://u:pw@h/db' })).toThrow(/JWT_SECRET is required/);
    let message = '';
    try {
      parseEnv({ DATABASE_URL: 'mysql://user:hunter2@h/db' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain('hunter2');
  });

  describe('JWT_SECRET', () => {
    const withSecret = (secret: string) => () => parseEnv({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: secret });
    const refusal = (secret: string): string => {
      try {
        withSecret(secret)();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };

    it('accepts random secrets as openssl and the embedded default make them', () => {
      for (const secret of [randomSecret(), randomBytes(32).toString('hex'), randomBytes(48).toString('base64url')]) expect(withSecret(secret)).not.toThrow();
    });

    it('refuses, in one line naming JWT_SECRET without echoing it, a secret of low entropy', () => {
      for (const secret of ['x'.repeat(40), 'abcd'.repeat(10), 'password'.repeat(5), '0123456789abcdef0123456789abcdef']) {
        const message = refusal(secret);
        expect(message).toMatch(/^Invalid configuration: JWT_SECRET is too short or too predictable/);
        expect(message).not.toContain(secret);
        expect(message.split('\n')).toHaveLength(1);
      }
      expect(estimatedSecretBits('x'.repeat(64))).toBe(0);
      expect(estimatedSecretBits(randomSecret())).toBeGreaterThan(200);
    });

    it('refuses every example value the docs, compose files, tests and benchmarks of the repository carry or carried', () => {
      const published = [
        'change-me-to-a-long-random-secret-of-32-chars-or-more',
        'test-secret-that-is-long-enough-for-hs256-0123456789',
        'bench-secret-that-is-long-enough-for-hs256-0123456789',
        'another-secret-that-is-long-enough-0123456789',
      ];
      // Any literal JWT_SECRET value written in the docs or deployment files today (not a `$(…)` or `${…}` expansion).
      for (const file of ['README.md', 'DEVELOPERS.md', 'CHANGELOG.md', 'docker-compose.yml', 'bench/RESULTS.md', 'docker/Dockerfile']) {
        const text = readFileSync(join(ROOT, file), 'utf8');
        for (const match of text.matchAll(/JWT_SECRET["']?\s*(?::-|[=:])\s*["']?([^\s"'`$}][^\s"'`}]*)/g)) published.push(match[1]);
      }
      for (const secret of published) {
        const message = refusal(secret);
        expect(message).toMatch(/^Invalid configuration: JWT_SECRET (is an example value published|is too short or too predictable|must be at least 32)/);
        expect(message).not.toContain(secret);
      }
    });
  });

  describe('TRUST_PROXY', () => {
    it('is off by default and when set to off', () => {
      expect(buildAppConfig(parseEnv({})).trustProxy).toBe(false);
      for (const off of ['', 'false', 'off', '0']) expect(buildAppConfig(parseEnv({ TRUST_PROXY: off })).trustProxy).toBe(false);
    });

    it('takes a hop count, believing exactly that many hops', () => {
      const trust = fastifyTrustProxy(buildAppConfig(parseEnv({ TRUST_PROXY: '2' })).trustProxy) as (address: string, hop: number) => boolean;
      expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
    });

    it('takes a list of proxy addresses and CIDR ranges', () => {
      expect(buildAppConfig(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.10,fd00::/8' })).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', 'fd00::/8']);
    });

    it('refuses anything else in one line, trusting everyone included', () => {
      for (const value of ['true', 'yes', '11', '10.0.0.0/33', '0.0.0.0/0', '::/0', 'loopback', '10.0.0.1,,nope']) {
        expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY must be off, a hop count/);
      }
    });
  });
});
