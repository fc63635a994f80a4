import { buildAppConfig, ConfigError, parseEnv } from '@meridian/config';

describe('configuration', () => {
  it('defaults to the embedded single process: role all, seeding on, queue prefix a Redis Cluster hash tag', () => {
    const config = buildAppConfig(parseEnv({}));
    expect(config).toMatchObject({ role: 'all', seedDemo: true, port: 3000, queuePrefix: '{meridian}', publicUrl: 'http://localhost:3000' });
    expect(config.corsOrigins).toEqual(['http://localhost:3000']);
  });

  it('runs the api role by default once Redis is configured', () => {
    const config = buildAppConfig(parseEnv({ DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h:6379', JWT_SECRET: 's'.repeat(32) }));
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
});
