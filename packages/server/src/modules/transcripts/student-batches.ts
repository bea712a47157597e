import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { studentIdsAfter } from './transcripts.repository.ts';

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
  const idsAfter = (after: number) => studentIdsAfter(db, districtId, options.which, after, options.batchSize);
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
