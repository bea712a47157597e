import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordLoadTest } from '../modules/readiness/readiness.repository.ts';
import type { createSmallDistrict } from './small-district.ts';

type SmallDistrict = Awaited<ReturnType<typeof createSmallDistrict>>;

/** The day the readiness tests judge: a Thursday of the small district's week of school. */
export const READINESS_DAY = '2026-08-20';

/** Casey (1003), a senior, already passed the English 10A she sits in (ENG10-01). */
export async function seniorInPassedCourse(db: Kysely<Database>, world: SmallDistrict): Promise<void> {
  await db
    .insertInto('transcript_entry')
    .values({
      district_id: world.districtId, student_id: world.students.casey, school_id: world.schools.north, course_id: world.course, course_code: '230201', course_title: 'ENGLISH 10A',
      grade_level: 10, school_year: '2024-25', term: 'S1', mark: 'B', credits: '5', ag_area: 'b', subject: 'english', source: 'historical',
    })
    .execute();
}

/**
 * Everything wrong on the day put right, and the evidence a Go needs: Devon (1004), at North until
 * his transfer, sits in its other English section; Casey left the district the day before; an
 * import compared the old system's figures without a mismatch; a load test sustained ten times
 * the expected peak.
 */
export async function putRightAndRecordEvidence(db: Kysely<Database>, world: SmallDistrict): Promise<void> {
  const d = world.districtId;
  await db.insertInto('section_roster').values({ district_id: d, section_id: world.sections.northOther, student_id: world.students.devon, start_date: '2026-08-10', end_date: '2026-09-16', source: 'seed' }).execute();
  await db.updateTable('enrollment').set({ exit_date: '2026-08-19', exit_code: 'L1' }).where('district_id', '=', d).where('student_id', '=', world.students.casey).execute();
  await db.updateTable('section_roster').set({ end_date: '2026-08-19' }).where('district_id', '=', d).where('student_id', '=', world.students.casey).where('end_date', 'is not', null).execute();
  const figures = { compared: 3, mismatches: 0 };
  await db
    .insertInto('district_import')
    .values({
      district_id: d, status: 'imported', dry_run: false, finished_at: new Date(),
      report: JSON.stringify({ format: 'homeroom.import-report/v1', status: 'imported', reconciliation: { students: 3, figures: { ucGpa: figures, csuGpa: figures, districtGpa: figures, districtUnweightedGpa: figures, creditsEarned: figures }, mismatches: [] } }),
    })
    .execute();
  await recordLoadTest(db, { districtId: d, expectedPeak: 20, target: 200, savesPerSecond: 212, p99Ms: 84, errors: 0, quick: false, result: { format: 'homeroom.bench/v1' } });
}
