import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Walks a district's students in id order, batch by batch, reading the next batch while the
 * current one is computed and written: the database and the engine work at the same time, on
 * two cores, and memory holds two batches whatever the district's size.
 */
export async function forEachStudentBatch<T>(
  db: Kysely<Database>,
  districtId: number,
  options: { batchSize: number; which: RawBuilder<boolean>; load: (ids: number[]) => Promise<T>; handle: (ids: number[], loaded: T) => Promise<void> },
): Promise<void> {
  const idsAfter = (after: number) =>
    db
      .selectFrom('student as s')
      .select('s.id')
      .where('s.district_id', '=', districtId)
      .where('s.id', '>', after)
      .where(options.which)
      .orderBy('s.id')
      .limit(options.batchSize)
      .execute()
      .then((rows) => rows.map((r) => r.id));
  const prefetch = (after: number) => idsAfter(after).then(async (ids) => ({ ids, loaded: ids.length ? await options.load(ids) : null }));
  let next = prefetch(0);
  for (;;) {
    const { ids, loaded } = await next;
    if (ids.length === 0) return;
    next = prefetch(ids.at(-1)!);
    // A failed read of the next batch is reported where it is awaited, not as an unhandled rejection.
    next.catch(() => undefined);
    await options.handle(ids, loaded as T);
  }
}

export const SECONDARY_STUDENT = sql<boolean>`(exists (select 1 from transcript_entry t where t.district_id = s.district_id and t.student_id = s.id)
  or exists (select 1 from enrollment e where e.district_id = s.district_id and e.student_id = s.id and e.grade_level >= 9 and e.exit_date is null))`;
