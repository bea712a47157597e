import type { DatabaseTarget } from './connection.ts';

export const DEFAULT_DATA_DIR = './data/homeroom';

/** DATABASE_URL selects PostgreSQL; otherwise the embedded database in HOMEROOM_DATA_DIR. */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  return { kind: 'embedded', dataDir: env.HOMEROOM_DATA_DIR?.trim() || DEFAULT_DATA_DIR };
}
