import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { pdfLines } from '../../pdf/extract-text.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('report cards on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let principal: SignedIn;
  let url: string;

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    const d = world.districtId;
    const period = await handle.db.selectFrom('period').select('id').where('district_id', '=', d).where('school_id', '=', world.schools.north).executeTakeFirstOrThrow();
    const codes = await handle.db.selectFrom('attendance_code').select(['code', 'state_category', 'counts_as_absent']).where('district_id', '=', d).execute();
    const absent = codes.find((c) => c.counts_as_absent)!.code;
    const tardy = codes.find((c) => c.state_category === 'tardy')!.code;
    const attendance = (day: string, code: string) => ({ district_id: d, section_id: world.sections.taught, student_id: world.students.avery, day, period_id: period.id, code });
    // Two absences and a tardy in the progress period; one absence after it, which the card leaves out.
    await handle.db.insertInto('period_attendance').values([attendance('2026-08-20', absent), attendance('2026-08-21', absent), attendance('2026-08-24', tardy), attendance('2026-11-02', absent)]).execute();
    const first = await handle.db
      .insertInto('mark')
      .values({ district_id: d, student_id: world.students.avery, section_id: world.sections.taught, grading_period_id: world.gradingPeriods.progress, mark: 'C', comment: 'Missing two labs' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('mark')
      .values({ district_id: d, student_id: world.students.avery, section_id: world.sections.taught, grading_period_id: world.gradingPeriods.progress, mark: 'B+', comment: 'Labs made up; José helps others', supersedes_id: first.id, reason: 'late work' })
      .execute();
    principal = await signInAs(app, 'principal');
    url = `/api/students/${world.students.avery}/report-cards/${world.gradingPeriods.progress}`;
  });

  it("gives each section's standing mark, teacher, absences and tardies in the period, and the comment; the PDF prints the same", async () => {
    const response = await app.inject({ method: 'GET', url, headers: principal.headers });
    expect(response.statusCode, response.body).toBe(200);
    const card = response.json();
    expect(card.sections).toHaveLength(1);
    expect(card.sections[0]).toMatchObject({ mark: 'B+', teacher: 'Teach, Terry', absences: 2, tardies: 1, comment: 'Labs made up; José helps others' });
    const pdf = await app.inject({ method: 'GET', url, headers: { ...principal.headers, accept: 'application/pdf' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const lines = (await pdfLines(pdf.rawPayload)).flat();
    const s = card.sections[0];
    expect(lines).toContainEqual([s.course, s.title, s.section, s.teacher, s.mark, '2', '1']);
    expect(lines.map((l) => l.join(' ')).join('\n')).toContain('Labs made up; José helps others');
  });

  it('is scoped like the record: a principal of another school does not find the student', async () => {
    const south = await signInAs(app, 'south-principal');
    expect((await app.inject({ method: 'GET', url, headers: { ...south.headers, accept: 'application/pdf' } })).statusCode).toBe(404);
    const audited = await handle.db.selectFrom('audit_event').select(['action', 'entity']).where('student_id', '=', world.students.avery).where('entity', '=', 'report-card').execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['export', 'read']);
  });
});
