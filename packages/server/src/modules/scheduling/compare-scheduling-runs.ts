import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { studentsPlacedDifferently } from './scheduling-run.repository.ts';
import { describeRun, runFor } from './view-scheduling-run.ts';
import { SCHEDULE_VIEWERS as VIEWERS } from './view-school-schedules.ts';

/** Two runs of one school side by side, and how many students they place differently. */
export async function compareSchedulingRuns(db: Kysely<Database>, actor: Actor, runId: number, otherRunId: number) {
  const [a, b] = await Promise.all([runFor(db, actor, runId, VIEWERS), runFor(db, actor, otherRunId, VIEWERS)]);
  if (a.school_id !== b.school_id) throw new Problem(400, 'different-schools', 'The runs are of different schools', 'Compare runs of one school.');
  // A discarded, failed or unfinished run has no placements to compare: counting it would
  // show every student as different.
  for (const run of [a, b]) {
    if (run.status !== 'preview' && run.status !== 'committed') {
      throw new Problem(409, 'run-without-placements', `Run ${run.id} is ${run.status} and has no placements to compare`, 'Compare runs that reached their preview or were committed.');
    }
  }
  return { runs: [describeRun(a), describeRun(b)], studentsWithDifferentSchedules: await studentsPlacedDifferently(db, actor.districtId, a.id, b.id) };
}
