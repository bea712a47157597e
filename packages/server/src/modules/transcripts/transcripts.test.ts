import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '@homeroom/core/formats/transcript';
import { computeGpa } from '@homeroom/core/grading/gpa';
import { gpaRuleSets } from '@homeroom/core/grading/rule-sets';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { recomputeDistrictGpas } from './recompute-gpas.ts';
import { withTestApp } from '../../testing/test-app.ts';

/** The worked example of the GPA rules: E10HB's D is replaced by its summer repeat. */
const WORKED_EXAMPLE = [
  { course_code: 'E9A', course_title: 'ENGLISH 9A', grade_level: 9, school_year: '2023-24', term: 'S1', mark: 'A', honors: 'none', uc_honors: false },
  { course_code: 'E10HA', course_title: 'ENGLISH 10A HONORS', grade_level: 10, school_year: '2024-25', term: 'S1', mark: 'B+', honors: 'honors', uc_honors: true },
  { course_code: 'E10HB', course_title: 'ENGLISH 10B HONORS', grade_level: 10, school_year: '2024-25', term: 'S2', mark: 'D', honors: 'honors', uc_honors: true },
  { course_code: 'E10HB', course_title: 'ENGLISH 10B HONORS', grade_level: 10, school_year: '2024-25', term: 'SU', mark: 'C', honors: 'honors', uc_honors: true },
  { course_code: 'E11A', course_title: 'ENGLISH 11A', grade_level: 11, school_year: '2025-26', term: 'S1', mark: 'A-', honors: 'none', uc_honors: false },
];

describe.each(testDatabaseKinds())('transcripts on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let counselor: SignedIn;
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    // Blake's history is the worked example (in place of the fixture's one mark).
    await handle.db.deleteFrom('transcript_entry').where('student_id', '=', world.students.blake).execute();
    await handle.db
      .insertInto('transcript_entry')
      .values(WORKED_EXAMPLE.map((e, i) => ({ ...e, district_id: world.districtId, student_id: world.students.blake, school_id: world.schools.north, credits: '5', ag_area: 'b', subject: 'english', source: 'historical', sequence: i })))
      .execute();
    counselor = await signInAs(app, 'principal');
  });

  it('computes every GPA of the worked example, exactly, with an explanation per mark', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript`, headers: counselor.headers });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.ruleSet).toBe('ca-2026');
    expect(body.gpa.uc).toMatchObject({ points: 9, count: 3, bonusCapped: 2, unweighted: 3, weightedCapped: 11 / 3, fullyWeighted: 11 / 3 });
    expect(body.gpa.district).toMatchObject({ points: 13, count: 4, bonus: 2, unweighted: 3.25, weighted: 3.75 });
    expect(body.gpa.credits).toEqual({ attempted: 25, earned: 20 });
    expect(body.terms.map((t: { schoolYear: string; term: string }) => `${t.schoolYear} ${t.term}`)).toEqual(['2023-24 S1', '2024-25 S1', '2024-25 S2', '2024-25 SU', '2025-26 S1']);
    const d = body.terms[2].entries[0];
    expect(d.explanation.uc).toMatch(/^excluded: replaced by the repeat/);
  });

  it('gives the same figures as the engine run on the exported transcript document', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript/document`, headers: counselor.headers });
    const { transcript, gpa } = response.json();
    expect(computeGpa(parseTranscript(transcript), gpaRuleSets.get('ca-2026'))).toEqual(gpa);
  });

  it('corrects a posted mark with a new, audited entry and keeps the old one', async () => {
    const d = (await handle.db.selectFrom('transcript_entry').select('id').where('student_id', '=', world.students.blake).where('term', '=', 'S2').executeTakeFirstOrThrow()).id;
    const url = `/api/students/${world.students.blake}/transcript-entries/${d}/corrections`;
    const corrected = await app.inject({ method: 'POST', url, headers: counselor.headers, payload: { mark: 'B', reason: 'grade change form from the teacher' } });
    expect(corrected.statusCode, corrected.body).toBe(201);
    // B in 10B is no longer a D: the summer repeat is now a repeat of a passed course.
    expect(corrected.json().gpa.district).toMatchObject({ points: 14, count: 4, bonus: 2 });
    const again = await app.inject({ method: 'POST', url, headers: counselor.headers, payload: { mark: 'A', reason: 'second try on the old entry' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already-corrected');
    const transcript = (await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript`, headers: counselor.headers })).json();
    expect(transcript.corrections).toMatchObject([{ from: 'D', to: 'B', reason: 'grade change form from the teacher' }]);
    const rows = await handle.db.selectFrom('transcript_entry').select('mark').where('student_id', '=', world.students.blake).where('term', '=', 'S2').orderBy('id').execute();
    expect(rows.map((r) => r.mark)).toEqual(['D', 'B']);
    const audit = await handle.db.selectFrom('audit_event').select(['action', 'reason']).where('student_id', '=', world.students.blake).where('action', '=', 'correct').execute();
    expect(audit).toEqual([{ action: 'correct', reason: 'grade change form from the teacher' }]);
  });

  it('enters a transfer mark and names every bad field of a bad one', async () => {
    const url = `/api/students/${world.students.avery}/transcript-entries`;
    const bad = await app.inject({ method: 'POST', url, headers: counselor.headers, payload: { source: 'transfer', courseCode: 'X', title: 'SPANISH 1A', gradeLevel: 13, schoolYear: '2024-26', term: 'S3', mark: 'E', credits: -5, ag: 'e', reason: 'records' } });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.gradeLevel', 'body.term', 'body.mark', 'body.credits']));
    const good = await app.inject({
      method: 'POST', url, headers: counselor.headers,
      payload: { source: 'transfer', courseCode: 'XSPAN1A', title: 'SPANISH 1A', gradeLevel: 9, schoolYear: '2025-26', term: 'S2', mark: 'A', credits: 5, ag: 'e', language: 'spanish', subject: 'language', sourceSchoolName: 'Harbor View High', reason: 'records from previous school' },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().gpa.credits).toEqual({ attempted: 10, earned: 10 });
  });

  it('recomputes the district, reports what changed, and ranks within school and grade', async () => {
    const first = await recomputeDistrictGpas(handle.db, world.districtId, { batchSize: 2 });
    expect(first.students).toBe(4);
    const second = await recomputeDistrictGpas(handle.db, world.districtId);
    expect(second).toMatchObject({ students: 4, changed: 0, added: 0, unchanged: 4 });
    await handle.db
      .insertInto('transcript_entry')
      .values({ district_id: world.districtId, student_id: world.students.casey, course_code: 'M9A', course_title: 'ALGEBRA 1A', grade_level: 9, school_year: '2025-26', term: 'S2', mark: 'F', credits: '5', ag_area: 'c', source: 'historical' })
      .execute();
    const third = await recomputeDistrictGpas(handle.db, world.districtId);
    expect(third).toMatchObject({ changed: 1, unchanged: 3 });
    const stored = await handle.db.selectFrom('student_gpa').select(['rule_set', 'district_points', 'district_count', 'credits_earned']).where('student_id', '=', world.students.casey).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rule_set: 'ca-2026', district_points: 3, district_count: 2 });
    expect(Number(stored.credits_earned)).toBe(5);
  });

  it('runs the recompute as a job with progress and outcome', async () => {
    const admin = await signInAs(app, 'admin');
    const started = await app.inject({ method: 'POST', url: '/api/jobs/gpa-recompute', headers: admin.headers });
    expect(started.statusCode).toBe(202);
    let job: { status: string; result: { students: number } | null } = { status: 'queued', result: null };
    for (let i = 0; i < 100 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await app.inject({ method: 'GET', url: started.json().url, headers: admin.headers })).json();
    }
    expect(job.status).toBe('succeeded');
    expect(job.result!.students).toBe(4);
  });
});
