import { beforeAll, describe, expect, it } from 'vitest';
import { courseStandings, describeRefusal, prerequisitesMet } from '@homeroom/core/graduation/course-standing';
import { testDatabaseKinds } from '../../db/testing.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { courseRefusalsOf, courseRefusalsOfStudents } from './course-rules.ts';
import { requestCatalog } from './graduation.repository.ts';

// Physics needs Algebra 2 B (as the synthetic district's catalog says). A student taking Algebra 2
// this spring, or its honors version, has met it by the time Physics begins: the scheduler, drop/add
// and the request generator must all let them in, whatever else is on their record.
describe.each(testDatabaseKinds())('a prerequisite being taken this spring on the %s database', (kind) => {
  const fixture = withTestApp(kind);
  const codes = { algebra2A: '310301', algebra2B: '310302', honorsA: '310311', honorsB: '310312', physics: '360301' };
  let courseIds: Record<keyof typeof codes, number>;
  let student: (name: string, options: { taking?: Array<'algebra2' | 'honors'>; marks?: Array<[string, string]> }) => Promise<number>;
  let transferForNextYear: (studentId: number) => Promise<void>;

  beforeAll(async () => {
    const { db, world } = fixture;
    const d = world.districtId;
    const year = (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
    const next = await db.selectFrom('school_year').select(['id', 'start_date']).where('district_id', '=', d).where('name', '=', '2027-28').executeTakeFirstOrThrow();
    const s1 = (await db.selectFrom('term').select('id').where('district_id', '=', d).where('school_year_id', '=', year).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
    const { id: s2 } = await db.insertInto('term').values({ district_id: d, school_year_id: year, code: 'S2', name: 'Spring', start_date: '2027-01-25', end_date: '2027-06-11' }).returning('id').executeTakeFirstOrThrow();
    const course = (code: string, title: string, honors: string) => ({ district_id: d, code, title, state_code: '3103', credits: '5', subject: 'math', ag_area: 'c', honors });
    const rows = await db
      .insertInto('course')
      .values([
        course(codes.algebra2A, 'ALGEBRA 2 A', 'none'), course(codes.algebra2B, 'ALGEBRA 2 B', 'none'),
        course(codes.honorsA, 'ALGEBRA 2 HONORS A', 'honors'), course(codes.honorsB, 'ALGEBRA 2 HONORS B', 'honors'),
        { district_id: d, code: codes.physics, title: 'PHYSICS A', state_code: '3603', credits: '5', subject: 'science', ag_area: 'd' },
      ])
      .returning(['id', 'code'])
      .execute();
    courseIds = Object.fromEntries(Object.entries(codes).map(([name, code]) => [name, rows.find((r) => r.code === code)!.id])) as typeof courseIds;
    await db.updateTable('course').set({ next_semester_course_id: courseIds.algebra2B }).where('id', '=', courseIds.algebra2A).execute();
    await db.updateTable('course').set({ next_semester_course_id: courseIds.honorsB }).where('id', '=', courseIds.honorsA).execute();
    await db.insertInto('course_prerequisite').values({ district_id: d, course_id: courseIds.physics, prerequisite_course_id: courseIds.algebra2B, minimum_mark: 'D-' }).execute();
    const school = world.schools.south;
    const { id: period } = await db.insertInto('period').values({ district_id: d, school_id: school, code: 'P4', name: 'Period 4', sort_order: 4 }).returning('id').executeTakeFirstOrThrow();
    // Semester courses as California codes them: the A course in the fall, the B course in the spring.
    const section = async (courseId: number, term: number, code: string) => {
      const { id } = await db.insertInto('section').values({ district_id: d, school_id: school, school_year_id: year, course_id: courseId, code, capacity: 34 }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('section_meeting').values({ district_id: d, section_id: id, term_id: term, period_id: period }).execute();
      return id;
    };
    const sections = {
      algebra2: [await section(courseIds.algebra2A, s1, 'ALG2A-01'), await section(courseIds.algebra2B, s2, 'ALG2B-01')],
      honors: [await section(courseIds.honorsA, s1, 'ALG2HA-01'), await section(courseIds.honorsB, s2, 'ALG2HB-01')],
    };
    let n = 7000;
    student = async (name, options) => {
      const { id } = await db.insertInto('student').values({ district_id: d, local_id: String(n++), first_name: name, last_name: 'Spring', birth_date: '2010-03-03', gender: 'X', cohort: 2029 }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('enrollment').values({ district_id: d, student_id: id, school_id: school, school_year_id: year, grade_level: 10, entry_date: '2026-08-10', entry_code: 'E1' }).execute();
      for (const kind of options.taking ?? []) {
        await db.insertInto('section_roster').values(sections[kind].map((section, i) => ({ district_id: d, section_id: section, student_id: id, start_date: i === 0 ? '2026-08-10' : '2027-01-25', source: 'seed' }))).execute();
      }
      if (options.marks?.length) {
        await db
          .insertInto('transcript_entry')
          .values(options.marks.map(([code, mark], i) => ({ district_id: d, student_id: id, school_id: school, course_code: code, course_title: code, grade_level: 9, school_year: '2025-26', term: i % 2 ? 'S2' : 'S1', sequence: i, mark, credits: '5', source: 'historical' })))
          .execute();
      }
      return id;
    };
    // Moving to North for next year, as the office records it ahead of time: this year's enrollment
    // (and the student's sections at South) end on next year's first day, a new one begins then.
    transferForNextYear = async (studentId) => {
      await db.updateTable('enrollment').set({ exit_date: next.start_date, exit_code: 'T160' }).where('student_id', '=', studentId).where('school_year_id', '=', year).execute();
      await db.updateTable('section_roster').set({ end_date: next.start_date }).where('student_id', '=', studentId).where('end_date', 'is', null).execute();
      await db.insertInto('enrollment').values({ district_id: d, student_id: studentId, school_id: world.schools.north, school_year_id: next.id, grade_level: 11, entry_date: next.start_date, entry_code: 'E2' }).execute();
    };
  });

  /** Whether each path that decides "prerequisite met" lets the student into Physics. */
  const physicsAllowed = async (studentId: number) => {
    const { db, world } = fixture;
    const d = world.districtId;
    const scheduler = !(await courseRefusalsOfStudents(db, d, new Map([[studentId, new Set([courseIds.physics])]]))).get(studentId)?.has(codes.physics);
    const dropAdd = !(await courseRefusalsOf(db, d, studentId, [courseIds.physics])).has(courseIds.physics);
    const physics = (await requestCatalog(db, d)).find((c) => c.code === codes.physics)!;
    const { transcript } = (await loadStudentTranscripts(db, d, [studentId], { withInProgress: true }))[0]!;
    const generator = prerequisitesMet(transcript, courseStandings(transcript), physics.prerequisites ?? []);
    return { scheduler, dropAdd, generator };
  };
  const everywhere = (allowed: boolean) => ({ scheduler: allowed, dropAdd: allowed, generator: allowed });

  it('lets in a student taking Algebra 2 A this fall and Algebra 2 B this spring', async () => {
    expect(await physicsAllowed(await student('Ana', { taking: ['algebra2'] }))).toEqual(everywhere(true));
  });

  it('lets in a student taking Algebra 2 this year who moves to another school next year', async () => {
    const ben = await student('Ben', { taking: ['algebra2'] });
    await transferForNextYear(ben);
    expect(await physicsAllowed(ben)).toEqual(everywhere(true));
  });

  it('lets in a student taking Algebra 2 Honors this spring: the honors course is Algebra 2 too', async () => {
    expect(await physicsAllowed(await student('Hana', { taking: ['honors'] }))).toEqual(everywhere(true));
  });

  it('lets in a student who passed Algebra 2 Honors last year', async () => {
    expect(await physicsAllowed(await student('Gus', { marks: [[codes.honorsA, 'B'], [codes.honorsB, 'C+']] }))).toEqual(everywhere(true));
  });

  it('keeps out a student with no Algebra 2, or with an F in Algebra 2 Honors B', async () => {
    expect(await physicsAllowed(await student('Cy', {}))).toEqual(everywhere(false));
    const flo = await student('Flo', { marks: [[codes.honorsA, 'C'], [codes.honorsB, 'F']] });
    expect(await physicsAllowed(flo)).toEqual(everywhere(false));
    // The counselor reads which courses would have done, and the mark that did not.
    const [refusal] = (await courseRefusalsOf(fixture.db, fixture.world.districtId, flo, [courseIds.physics])).get(courseIds.physics)!;
    expect(describeRefusal(refusal!)).toBe('PHYSICS A (360301) needs ALGEBRA 2 B (310302 or 310312) with D- or better; the best mark is F in 2025-26 S2');
  });

  it('does not count the A semester for the B course, nor the regular course for an honors prerequisite', async () => {
    const { db, world } = fixture;
    const d = world.districtId;
    const rules = await db.insertInto('course').values({ district_id: d, code: '310411', title: 'PRECALCULUS HONORS A', state_code: '3104', credits: '5', subject: 'math', ag_area: 'c', honors: 'honors' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('course_prerequisite').values({ district_id: d, course_id: rules.id, prerequisite_course_id: courseIds.honorsB, minimum_mark: 'D-' }).execute();
    const afterFall = await student('Abe', { marks: [[codes.algebra2A, 'A']] });
    expect(await physicsAllowed(afterFall)).toEqual(everywhere(false));
    const regular = await student('Rae', { marks: [[codes.algebra2A, 'A'], [codes.algebra2B, 'A']] });
    expect((await courseRefusalsOf(db, d, regular, [rules.id])).get(rules.id)).toMatchObject([{ code: 'prerequisite-not-met', prerequisite: { course: codes.honorsB, best: null } }]);
  });
});
