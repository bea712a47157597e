import { sql } from 'kysely';
import type { Handle } from '../db/handle.ts';

/**
 * The students with a primary enrollment on a day, optionally in one grade and at one school: the
 * query both batches (transcripts, report cards) start from, before their own conditions.
 */
export function primaryEnrollmentsOn(db: Handle, districtId: number, selection: { day: string; grade: number | null; schoolId: number | null }) {
  let query = db
    .selectFrom('enrollment as e')
    .select('e.student_id')
    .distinct()
    .where('e.district_id', '=', districtId)
    .where(sql<boolean>`e.entry_date <= ${selection.day}::date and (e.exit_date is null or e.exit_date > ${selection.day}::date) and e.is_primary`);
  if (selection.grade !== null) query = query.where('e.grade_level', '=', selection.grade);
  if (selection.schoolId !== null) query = query.where('e.school_id', '=', selection.schoolId);
  return query;
}

/** The students of a batch: enrolled (primary enrollment) on its day in a grade, district-wide or at one school, in id order. */
export async function batchStudents(db: Handle, districtId: number, selection: { grade: number; schoolId: number | null; today: string }): Promise<number[]> {
  const query = primaryEnrollmentsOn(db, districtId, { day: selection.today, grade: selection.grade, schoolId: selection.schoolId });
  const rows = await query.orderBy('e.student_id').execute();
  return rows.map((r) => r.student_id);
}

export async function finishedStudents(db: Handle, districtId: number, jobId: number): Promise<{ students: Set<number>; volumes: number[] }> {
  const rows = await db.selectFrom('document_batch_student').select(['student_id', 'volume']).where('district_id', '=', districtId).where('job_id', '=', jobId).execute();
  return { students: new Set(rows.map((r) => r.student_id)), volumes: [...new Set(rows.map((r) => r.volume))].sort((a, b) => a - b) };
}

export async function recordFinishedVolume(trx: Handle, districtId: number, jobId: number, volume: number, studentIds: readonly number[]): Promise<void> {
  if (studentIds.length === 0) return;
  await trx
    .insertInto('document_batch_student')
    .values(studentIds.map((studentId) => ({ district_id: districtId, job_id: jobId, student_id: studentId, volume })))
    .execute();
}

/** A job of a kind, for resuming or downloading it; with how long since its last sign of life. */
export async function batchJob(db: Handle, districtId: number, jobId: number) {
  return db
    .selectFrom('job')
    .select(['id', 'kind', 'status', 'params', 'result', 'requested_by', sql<number>`extract(epoch from (now() - coalesce(heartbeat_at, requested_at)))`.as('quiet_seconds')])
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .executeTakeFirst();
}
