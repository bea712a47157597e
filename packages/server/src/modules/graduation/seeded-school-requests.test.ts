import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { seedDistrict } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../db/testing.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { generateRequests, generationContext } from './course-requests.ts';

/** Next year's requests for a whole high school of the synthetic district, checked against every transcript. */
describe('course requests for a whole school of the synthetic district', () => {
  let handle: DatabaseHandle;
  let districtId: number;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    districtId = (await seedDistrict(handle.db, { seed: 7, students: 1500 })).districtId;
  });
  afterAll(async () => handle?.close());

  it('never requests a course already passed, and gives every senior missing a requirement a required request for it', async () => {
    const school = await handle.db.selectFrom('school').select('id').where('kind', '=', 'high').orderBy('id').executeTakeFirstOrThrow();
    const current = await schoolYearByName(handle.db, districtId, undefined, 'current');
    const next = await schoolYearByName(handle.db, districtId, undefined, 'next');
    const students = (
      await handle.db.selectFrom('enrollment').select('student_id').distinct().where('school_id', '=', school.id).where('school_year_id', '=', current.id).where('exit_date', 'is', null).where('grade_level', '<=', 11).execute()
    ).map((s) => s.student_id);
    expect(students.length).toBeGreaterThan(100);
    const context = await generationContext(handle.db, districtId);
    const results = await handle.db.transaction().execute((trx) => generateRequests(trx, context, districtId, students, { schoolId: school.id, schoolYearId: next.id }, { dryRun: false, userId: null }));
    const transcripts = new Map((await loadStudentTranscripts(handle.db, districtId, students)).map((t) => [t.studentId, t]));
    let checked = 0;
    for (const { studentId, proposals } of results) {
      const marks = transcripts.get(studentId)!.transcript.marks;
      // Passed with C or better (or P/CR), with no later D/F story: the repeat rule never counts a repeat.
      const passed = new Set(marks.filter((m) => ['A', 'B', 'C'].includes(m.mark[0]!) || m.mark === 'P' || m.mark === 'CR').map((m) => m.course));
      for (const p of proposals) expect(passed.has(p.course), `student ${studentId} was asked to take ${p.course} again`).toBe(false);
      expect(proposals.length).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBe(students.length);
    const stored = await handle.db.selectFrom('course_request').select(sql<number>`count(*)::int`.as('n')).where('school_year_id', '=', next.id).where('school_id', '=', school.id).where('source', 'in', ['graduation-audit', 'sequence']).executeTakeFirstOrThrow();
    expect(stored.n).toBeGreaterThan(students.length);
  });
});
