import type { DatabaseTarget } from './connection.ts';

export const DEFAULT_DATA_DIR = './data/homeroom';

/**
 * DATABASE_URL selects PostgreSQL; otherwise the embedded database in HOMEROOM_DATA_DIR.
 * DATABASE_PREPARED_STATEMENTS=off sends every statement unnamed, for a connection pooler that
 * cannot keep prepared statements (PgBouncer in transaction mode before 1.21; see docs/operations.md).
 */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return env.DATABASE_PREPARED_STATEMENTS?.trim().toLowerCase() === 'off' ? { kind: 'postgres', url, preparedStatements: false } : { kind: 'postgres', url };
  return { kind: 'embedded', dataDir: env.HOMEROOM_DATA_DIR?.trim() || DEFAULT_DATA_DIR };
}

/**
 * DATABASE_READ_URL: a streaming replica of DATABASE_URL's database for the reads that may lag
 * (docs/operations.md); null without one. The same prepared-statement setting as the primary.
 */
export function readReplicaTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget | null {
  const url = env.DATABASE_READ_URL?.trim();
  if (!url) return null;
  return databaseTargetFromEnv({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: env.DATABASE_PREPARED_STATEMENTS });
}
