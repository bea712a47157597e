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
    [{ TRUST_PROXY: 'true' }, /would let any client choose its own address/],
    [{ TRUST_PROXY: '1' }, /'1' is not an address or range/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /'10.0.0.0\/33' is not an address or range/],
    [{ TRUST_PROXY: 'proxy.internal' }, /'proxy.internal' is not an address or range/],
    [{ SECURE_COOKIES: 'maybe' }, /SECURE_COOKIES must be on or off/],
    [{ AUDIT_ROLE_CHECK: 'ignore' }, /AUDIT_ROLE_CHECK must be refuse or warn/],
  ])('refuses %o with one line saying what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('believes no proxy, sends Secure cookies and refuses a role that could rewrite the audit trail, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: false, secureCookies: true, auditRoleCheck: 'refuse', host: '0.0.0.0' });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.1.0/24,loopback, ::1' }).trustProxy).toEqual(['10.0.0.5', '192.168.1.0/24', 'loopback', '::1']);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ SECURE_COOKIES: 'off', AUDIT_ROLE_CHECK: 'warn' })).toMatchObject({ secureCookies: false, auditRoleCheck: 'warn' });
  });

  it('serves the demo on this computer only, over plain http, unless told otherwise', () => {
    expect(loadConfig({}, { demo: true })).toMatchObject({ host: '127.0.0.1', secureCookies: false });
    expect(loadConfig({ HOST: '0.0.0.0', SECURE_COOKIES: 'on' }, { demo: true })).toMatchObject({ host: '0.0.0.0', secureCookies: true });
  });
});
