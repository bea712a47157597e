import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { pdfLines } from '../../pdf/extract-text.ts';
import { printedGpa } from '../../pdf/figures.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { recomputeDistrictGpas } from './recompute-gpas.ts';
import { withTestApp } from '../../testing/test-app.ts';

const HISTORY = [
  { course_code: 'E9A', course_title: 'ENGLISH 9A', grade_level: 9, school_year: '2023-24', term: 'S1', mark: 'A', honors: 'none', uc_honors: false, source: 'historical' },
  { course_code: 'XE9B', course_title: 'ENGLISH 9B', grade_level: 9, school_year: '2023-24', term: 'S2', mark: 'B', honors: 'none', uc_honors: false, source: 'transfer', source_school_name: 'Harbor View High' },
  { course_code: 'E10HA', course_title: 'ENGLISH 10A HONORS', grade_level: 10, school_year: '2024-25', term: 'S1', mark: 'B+', honors: 'honors', uc_honors: true, source: 'historical' },
  { course_code: 'E10HB', course_title: 'ENGLISH 10B HONORS', grade_level: 10, school_year: '2024-25', term: 'S2', mark: 'D', honors: 'honors', uc_honors: true, source: 'historical' },
  { course_code: 'E10HB', course_title: 'ENGLISH 10B HONORS', grade_level: 10, school_year: '2024-25', term: 'SU', mark: 'C', honors: 'honors', uc_honors: true, source: 'summer' },
  { course_code: 'E11A', course_title: 'ENGLISH 11A', grade_level: 11, school_year: '2025-26', term: 'S1', mark: 'A-', honors: 'none', uc_honors: false, source: 'historical' },
  { course_code: 'CH11', course_title: 'CHEMISTRY A', grade_level: 11, school_year: '2025-26', term: 'S1', mark: 'W', honors: 'none', uc_honors: false, source: 'historical' },
];

/** Names as the district's families write them: one in each script the documents must carry. */
const NAMES = [
  ['Spanish', 'José', 'Núñez Peña'],
  ['Korean', '민준', '김'],
  ['Armenian', 'Արամ', 'Հովհաննիսյան'],
  ['Chinese', '小明', '王'],
  ['Vietnamese', 'Thị Hương', 'Nguyễn'],
  ['Russian', 'Дмитрий', 'Иванов'],
] as const;

const flat = (pages: string[][][]) => pages.flat();

describe.each(testDatabaseKinds())('the official transcript PDF on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let principal: SignedIn;
  const pdfOf = async (studentId: number, who = principal) => {
    const response = await app.inject({ method: 'GET', url: `/api/students/${studentId}/transcript/document`, headers: { ...who.headers, accept: 'application/pdf' } });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return response.rawPayload;
  };

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    await handle.db.updateTable('district').set({ address: '333 S Beaudry Ave, Los Angeles, CA 90017', phone: '(213) 241-1000' }).where('id', '=', world.districtId).execute();
    await handle.db.updateTable('school').set({ ceeb_code: '051234', address: '1 North Way, Los Angeles, CA 90001' }).where('id', '=', world.schools.north).execute();
    await handle.db.deleteFrom('transcript_entry').where('student_id', '=', world.students.blake).execute();
    await handle.db
      .insertInto('transcript_entry')
      .values(HISTORY.map((e, i) => ({ ...e, district_id: world.districtId, student_id: world.students.blake, school_id: e.source === 'transfer' ? null : world.schools.north, credits: '5', ag_area: 'b', subject: 'english', sequence: i })))
      .execute();
    await recomputeDistrictGpas(handle.db, world.districtId);
    principal = await signInAs(app, 'principal');
  });

  it('prints every figure of the transcript API, to the last digit, in reading order', async () => {
    const json = (await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript`, headers: principal.headers })).json();
    const pdf = await pdfOf(world.students.blake);
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = Buffer.from(pdf).toString('latin1');
    expect(text).toContain('/StructTreeRoot'); // tagged
    expect(text).toContain('/FontFile2'); // fonts embedded
    const pages = await pdfLines(pdf);
    const lines = flat(pages);
    const joined = lines.map((l) => l.join(' ')).join('\n');
    expect(joined).toContain('SMALL Unified');
    expect(joined).toContain('CEEB code: 051234');
    expect(joined).toContain('333 S Beaudry Ave, Los Angeles, CA 90017');
    expect(joined).toContain('Student: Blake Rivers');
    // Every course line, term by term, with its figures from the API.
    const courseRows = lines.filter((l) => l.length >= 6 && json.terms.some((t: { entries: Array<{ course: string }> }) => t.entries.some((e) => e.course === l[0])));
    const expected = json.terms.flatMap((t: { term: string; entries: Array<Record<string, unknown>> }) => t.entries.map((e) => [e.course, e.title, String(e.grade), e.mark, String(e.attempted), String(e.earned), e.ag]));
    expect(courseRows.map((r) => r.slice(0, 7))).toEqual(expected);
    expect(joined).toMatch(/XE9B.*Transfer: Harbor View High/);
    expect(joined).toMatch(/E10HB.*Summer/);
    expect(joined).toMatch(/E10HA.*Honors/);
    // Each year's and the cumulative GPAs: the printed fraction is the API's numerator and count,
    // and dividing them gives the API's number exactly.
    const gpaRows = new Map(lines.filter((l) => /^(\d{4}-\d{2}|Cumulative)$/.test(l[0] ?? '') && l.length === 9).map((l) => [l[0], l.slice(1)]));
    const check = (label: string, g: { uc: Record<string, number | null>; csu: Record<string, number | null>; district: Record<string, number | null>; credits: { attempted: number; earned: number } }) => {
      const cells = gpaRows.get(label)!;
      expect(cells, label).toBeDefined();
      const values = [g.uc.unweighted, g.uc.weightedCapped, g.uc.fullyWeighted, g.csu.weighted, g.district.unweighted, g.district.weighted];
      const numerators = [g.uc.points!, g.uc.points! + g.uc.bonusCapped!, g.uc.points! + g.uc.bonusUncapped!, g.csu.points! + g.csu.bonus!, g.district.points!, g.district.points! + g.district.bonus!];
      const counts = [g.uc.count!, g.uc.count!, g.uc.count!, g.csu.count!, g.district.count!, g.district.count!];
      values.forEach((value, i) => {
        const cell = cells[i]!;
        if (value === null || value === undefined) return expect(cell, `${label} ${i}`).toBe('—');
        const [, rounded, numerator, count] = /^(\d\.\d{3}) \((\d+)\/(\d+)\)$/.exec(cell)!;
        expect(Number(numerator) / Number(count), `${label} ${i}`).toBe(value);
        expect(Math.abs(Number(rounded) - value)).toBeLessThanOrEqual(0.0005);
        expect(cell).toBe(printedGpa(numerators[i]!, counts[i]!));
      });
      expect(cells.slice(6)).toEqual([String(g.credits.attempted), String(g.credits.earned)]);
    };
    expect(json.years.map((y: { schoolYear: string }) => y.schoolYear)).toEqual(['2023-24', '2024-25', '2025-26']);
    for (const year of json.years) check(year.schoolYear, year.gpa);
    check('Cumulative', json.gpa);
    expect(json.gpa.uc.weightedCapped).toBe(11 / 3);
    expect(joined).toContain(`Class rank: ${json.classRank.rank} of ${json.classRank.of}`);
    expect(joined).toMatch(/Graduation status: /);
    expect(joined).toContain('Registrar or counselor');
    // The student's name and the page number on every page.
    pages.forEach((page, i) => {
      const pageText = page.map((l) => l.join(' ')).join('\n');
      expect(pageText).toContain('Official Transcript — Blake Rivers');
      expect(pageText).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });

  it('is the same use-case as the JSON document: scoped, audited as an export, JSON by default', async () => {
    const plain = await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript/document`, headers: principal.headers });
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(plain.json().transcript.format).toBe('homeroom.transcript/v1');
    const refused = await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript/document`, headers: { ...principal.headers, accept: 'text/html' } });
    expect(refused.statusCode).toBe(406);
    expect(refused.json().code).toBe('not-acceptable');
    const south = await signInAs(app, 'south-principal');
    const hidden = await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript/document`, headers: { ...south.headers, accept: 'application/pdf' } });
    expect(hidden.statusCode).toBe(404);
    const teacher = await signInAs(app, 'teacher');
    expect((await app.inject({ method: 'GET', url: `/api/students/${world.students.blake}/transcript/document`, headers: { ...teacher.headers, accept: 'application/pdf' } })).statusCode).toBe(403);
    const audited = await handle.db.selectFrom('audit_event').select(['action', 'entity', 'details']).where('student_id', '=', world.students.blake).where('action', '=', 'export').execute();
    expect(audited.some((a) => (a.details as { form?: string } | null)?.form === 'pdf')).toBe(true);
  });

  it.each(NAMES)('carries a %s name, extractable as written', async (_script, first, last) => {
    await handle.db.updateTable('student').set({ first_name: first, last_name: last }).where('id', '=', world.students.avery).execute();
    const lines = flat(await pdfLines(await pdfOf(world.students.avery)));
    expect(lines.map((l) => l.join(' ')).join('\n')).toContain(`Student: ${first} ${last}`);
  });
});
