import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** The cheapest statement that proves the database answers. */
export async function pingDatabase(db: Handle): Promise<void> {
  await sql`select 1`.execute(db);
}
