import { databaseTargetFromEnv } from './db/target.ts';
import type { DatabaseTarget } from './db/connection.ts';
import { ssoConfigFromEnv, type SsoConfig } from './auth/sso-config.ts';

export interface Config {
  database: DatabaseTarget;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Single sign-on with the district's identity provider; null when the district signs in with passwords only. */
  sso: SsoConfig | null;
}

/** A setting that cannot work: start-up stops with this one line, no stack trace. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError(`PORT must be a whole number from 1 to 65535, got '${portText}'`);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const sso = ssoConfigFromEnv(env, (message) => new ConfigError(message));
  return { database, port, host: env.HOST?.trim() || '0.0.0.0', logLevel, sso };
}
