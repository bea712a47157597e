import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('defaults to the embedded database under ./data and port 3000', () => {
    expect(loadConfig({})).toMatchObject({ database: { kind: 'embedded', dataDir: './data/homeroom' }, port: 3000, logLevel: 'info' });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/homeroom', PORT: '8080' })).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://app@db.internal:5432/homeroom' },
      port: 8080,
    });
  });

  it.each([
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, /must start with postgres:\/\//],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  ])('refuses %o with one line saying what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
