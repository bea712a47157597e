import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { RosterSource } from './oneroster.repository.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';

/** The school year an export is of: the one named, or the district's current one when none is. */
export async function schoolYearNamed(db: Handle, districtId: number, name: string | null) {
  return db
    .selectFrom('school_year')
    .select(['id', 'name'])
    .where('district_id', '=', districtId)
    .$if(name === null, (q) => q.where('is_current', '=', true))
    .$if(name !== null, (q) => q.where('name', '=', name!))
    .executeTakeFirst();
}

let cursors = 0;

/**
 * The rows of a source in its own order, batch by batch, through a cursor in the transaction that
 * writes the file: PostgreSQL sorts the source once and hands it over a batch at a time, so
 * memory holds one batch however large the district. (Seeking each batch after the last row of the
 * one before re-read the whole source for every batch, since the union sources (users, enrollments)
 * take no predicate on their ordering key: at 10,000 students the export took half a minute.)
 * Only the columns the file reads are selected: PostgreSQL then neither computes the others (a
 * timestamp formatted, a sourcedId looked up) nor sorts and sends them.
 */
export async function* rosterBatches(
  trx: Transaction<Database>, source: RosterSource, columns: readonly string[], districtId: number, today: string, within: RawBuilder<boolean> | null, batchSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  const cursor = sql.raw(`oneroster_export_${++cursors}`);
  const order = sql.join(source.order.map((c) => sql.ref(`r.${c}`)));
  const where: RawBuilder<unknown> = within ? sql`where ${within}` : sql``;
  // The sort of a large district's users or enrollments is hundreds of megabytes: with more memory
  // for the file's one sort, it spills to fewer runs and merges them in one pass.
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`declare ${cursor} no scroll cursor for select ${sql.join(columns.map((c) => sql.ref(`r.${c}`)))} from (${source.select(districtId, today, null)}) r ${where} order by ${order}`.execute(trx);
  try {
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(batchSize))} from ${cursor}`.execute(trx);
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await sql`close ${cursor}`.execute(trx);
  }
}
