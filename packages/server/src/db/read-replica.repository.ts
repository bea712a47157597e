import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Where the primary's write-ahead log ends now: every commit so far lies before it. */
export async function primaryWalPosition(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
  return rows[0]!.lsn;
}

/** Whether a streaming replica has replayed the primary's log up to `lsn`. */
export async function replayedUpTo(replica: Kysely<Database>, lsn: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean | null }>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`.execute(replica);
  return rows[0]?.ok === true;
}
