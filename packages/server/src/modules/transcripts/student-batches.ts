import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { studentIdsWhere } from './transcripts.repository.ts';

/**
 * Walks a district's students in id order, batch by batch, so that the database and the engine
 * work at the same time, on two cores: the next batch is read while the current one is computed,
 * and a batch's write is still under way while the next one is computed. At most two writes are
 * in flight; each batch is written by one statement of its own, so a stopped run keeps the
 * batches written and resumes by running again. Memory holds the ids (8 bytes a student) and a
 * few batches whatever the district's size.
 */
export async function forEachStudentBatch<T>(
  db: Kysely<Database>,
  districtId: number,
  options: {
    batchSize: number;
    which: RawBuilder<boolean>;
    load: (ids: number[]) => Promise<T>;
    handle: (ids: number[], loaded: T) => Promise<void>;
    onProgress?: (done: number, total: number) => Promise<void> | void;
  },
): Promise<{ students: number }> {
  const all = await studentIdsWhere(db, districtId, options.which);
  const batches: number[][] = [];
  for (let i = 0; i < all.length; i += options.batchSize) batches.push(all.slice(i, i + options.batchSize));
  // A failed read or write is reported where it is awaited, not as an unhandled rejection.
  const quiet = <P extends Promise<unknown>>(p: P) => (p.catch(() => undefined), p);
  let done = 0;
  const handleAndReport = async (ids: number[], loaded: T) => {
    await options.handle(ids, loaded);
    done += ids.length;
    await options.onProgress?.(done, all.length);
  };
  let next = batches.length ? quiet(options.load(batches[0]!)) : null;
  let writing: Promise<void> = Promise.resolve();
  for (let b = 0; b < batches.length; b++) {
    const loaded = await next!;
    next = b + 1 < batches.length ? quiet(options.load(batches[b + 1]!)) : null;
    // The next batch's query is only sent once this turn ends; computing first would hold it back.
    await nextTurn();
    const handled = quiet(handleAndReport(batches[b]!, loaded));
    try {
      await writing;
    } catch (error) {
      // Nothing is written after the run has failed: the job's row says so once it has.
      await handled.catch(() => undefined);
      throw error;
    }
    writing = handled;
  }
  await writing;
  return { students: all.length };
}
