import type { DatabaseTarget } from './connection.ts';

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded database in HOMEROOM_DATA_DIR or ./data/homeroom. */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'embedded', dataDir: env.HOMEROOM_DATA_DIR || './data/homeroom' };
}
