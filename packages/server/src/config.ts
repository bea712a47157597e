import { isIP } from 'node:net';
import { databaseTargetFromEnv, readReplicaTargetFromEnv } from './db/target.ts';
import type { DatabaseTarget } from './db/connection.ts';
import { ssoConfigFromEnv, type SsoConfig } from './auth/sso-config.ts';

export interface Config {
  database: DatabaseTarget;
  /** A streaming replica for reports, lists and exports (DATABASE_READ_URL); null without one. */
  readDatabase: DatabaseTarget | null;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Single sign-on with the district's identity provider; null when the district signs in with passwords only. */
  sso: SsoConfig | null;
  /** Whose X-Forwarded-For to believe: no one (false), or the proxies at these addresses. */
  trustProxy: TrustProxy;
  /** Cookies only over https (and the session cookie named __Host-): the browser reaches Homeroom over https. */
  secureCookies: boolean;
  /** What start-up does when the server's database role could rewrite the audit trail. */
  auditRoleCheck: 'refuse' | 'warn';
}

/** false, or addresses and ranges (CIDR, or loopback, linklocal, uniquelocal). */
export type TrustProxy = false | string[];

/** Defaults that differ for `homeroom serve --demo`. */
export interface ConfigDefaults {
  /** The demo listens on this computer only unless HOST says otherwise. */
  demo?: boolean;
}

/** A setting that cannot work: start-up stops with this one line, no stack trace. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: ConfigDefaults = {}): Config {
  const database = databaseTargetFromEnv(env);
  if (database.kind === 'postgres') {
    let url: URL;
    try {
      url = new URL(database.url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a URL: expected postgres://user@host:5432/database`);
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError(`DATABASE_URL must start with postgres:// (got ${url.protocol}//…): Homeroom runs on PostgreSQL 15 or its embedded database`);
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL has no host: expected postgres://user@host:5432/database');
  }
  const readDatabase = readReplicaTargetFromEnv(env);
  if (readDatabase) {
    if (database.kind !== 'postgres') throw new ConfigError('DATABASE_READ_URL names a replica of a PostgreSQL primary: set DATABASE_URL too (the embedded database has no replicas)');
    let url: URL | undefined;
    try {
      url = new URL((readDatabase as { url: string }).url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname) throw new ConfigError('DATABASE_READ_URL is not a PostgreSQL URL: expected postgres://user@replica-host:5432/database');
  }
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError(`PORT must be a whole number from 1 to 65535, got '${portText}'`);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const sso = ssoConfigFromEnv(env, (message) => new ConfigError(message));
  const trustProxy = trustProxyFromEnv(env.TRUST_PROXY);
  // The demo is served over plain http on this computer, where a browser other than Chromium and
  // Firefox (Safari) would drop a Secure cookie and nobody could sign in.
  const secureCookies = onOff('SECURE_COOKIES', env.SECURE_COOKIES, !defaults.demo);
  const auditRoleCheck = (env.AUDIT_ROLE_CHECK?.trim().toLowerCase() || 'refuse') as Config['auditRoleCheck'];
  if (auditRoleCheck !== 'refuse' && auditRoleCheck !== 'warn') throw new ConfigError(`AUDIT_ROLE_CHECK must be refuse or warn, got '${env.AUDIT_ROLE_CHECK?.trim()}'`);
  const host = env.HOST?.trim() || (defaults.demo ? '127.0.0.1' : '0.0.0.0');
  return { database, readDatabase, port, host, logLevel, sso, trustProxy, secureCookies, auditRoleCheck };
}

function onOff(name: string, text: string | undefined, fallback: boolean): boolean {
  const value = text?.trim().toLowerCase();
  if (!value) return fallback;
  if (['on', 'true', 'yes', '1'].includes(value)) return true;
  if (['off', 'false', 'no', '0'].includes(value)) return false;
  throw new ConfigError(`${name} must be on or off, got '${text?.trim()}'`);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Off unless the operator names the proxies: believing every X-Forwarded-For would let any client
 * choose the address that the sign-in limit counts and the audit trail records. By address, not by
 * a count of hops: a count cannot tell the proxy from a client that connects directly and sends
 * the header itself.
 */
function trustProxyFromEnv(text: string | undefined): TrustProxy {
  const value = text?.trim().toLowerCase();
  if (!value || value === 'off' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === 'on' || value === 'all') {
    throw new ConfigError(`TRUST_PROXY=${text?.trim()} would let any client choose its own address: give the addresses of the proxies in front of Homeroom (e.g. 10.0.0.5 or 10.0.0.0/24)`);
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address!);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (!family || !prefixOk || rest.length) {
      throw new ConfigError(`TRUST_PROXY: '${entry}' is not an address or range: give the proxies' addresses or CIDR ranges separated by commas (e.g. 10.0.0.5, 192.168.1.0/24), or loopback`);
    }
  }
  return entries;
}
