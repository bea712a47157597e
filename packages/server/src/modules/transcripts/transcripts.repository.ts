import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { TranscriptEntryTable } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';

/**
 * Transcript entries that stand: every entry that no correction has superseded, in order. A
 * district recompute reads millions of them, so it reads only what the engines need.
 */
export async function standingEntries(db: Handle, districtId: number, studentIds: readonly number[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('transcript_entry as e')
    .select([
      'e.id', 'e.student_id', 'e.school_id', 'e.course_code', 'e.course_title', 'e.repeats_course_code', 'e.grade_level', 'e.school_year', 'e.term', 'e.mark', 'e.credits',
      'e.ag_area', 'e.honors', 'e.uc_honors', 'e.subject', 'e.graduation_tags', 'e.language', 'e.source', 'e.source_school_name', 'e.supersedes_id',
    ])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', 'in', studentIds)
    .where(sql<boolean>`not exists (select 1 from transcript_entry c where c.district_id = e.district_id and c.supersedes_id = e.id)`)
    .orderBy('e.student_id')
    .orderBy('e.school_year')
    .orderBy(sql`case e.term when 'S1' then 1 when 'S2' then 2 else 3 end`)
    .orderBy('e.sequence')
    .orderBy('e.id')
    .execute();
}

export type StandingEntry = Awaited<ReturnType<typeof standingEntries>>[number];

/**
 * Students' standing marks as the engines read them, one row per student with the marks as one
 * JSON array of arrays (in transcript order), and the grade the student is in on the day. A
 * district recompute reads millions of marks: a row per mark, with a field per column, cost the
 * worker more to decode, copy and collect than the engines cost to run; JSON.parse builds the
 * same values at a fraction of it. Credits travel as JSON numbers, read as Number() reads the
 * numeric text of the row form, so the engines get the same figures.
 */
export async function marksForRecompute(db: Handle, districtId: number, studentIds: readonly number[], today: string) {
  if (studentIds.length === 0) return [];
  const { rows } = await sql<{ id: number; local_id: string; residency: string; cohort: number | null; grade_level: number | null; marks: RecomputeMark[] | null }>`
    select s.id, s.local_id, s.residency, s.cohort,
      (select max(e.grade_level) from enrollment e where e.district_id = s.district_id and e.student_id = s.id
        and e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date)) as grade_level,
      (select json_agg(json_build_array(t.course_code, t.repeats_course_code, t.course_title, t.grade_level, t.school_year, t.term, t.credits,
          t.ag_area, t.honors, t.uc_honors, t.subject, t.graduation_tags, t.language, t.mark)
          order by t.school_year, case t.term when 'S1' then 1 when 'S2' then 2 else 3 end, t.sequence, t.id)
        from transcript_entry t where t.district_id = s.district_id and t.student_id = s.id
        and not exists (select 1 from transcript_entry c where c.district_id = t.district_id and c.supersedes_id = t.id)) as marks
    from student s
    where s.district_id = ${districtId} and s.id = any(${studentIds}::bigint[])`.execute(db);
  return rows;
}

/** A mark as marksForRecompute sends it: course, repeats, title, grade, year, term, credits, a-g, honors, UC honors, subject, tags, language, mark. */
export type RecomputeMark = [string, string | null, string | null, number, string, string, number, string | null, string, boolean, string | null, string[], string | null, string];

/** The corrected entries of students (one, or a batch of documents' many), each with its student, in order of posting. */
export async function supersededEntriesOf(db: Handle, districtId: number, studentIds: readonly number[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('transcript_entry as e')
    .innerJoin('transcript_entry as c', (join) => join.onRef('c.district_id', '=', 'e.district_id').onRef('c.supersedes_id', '=', 'e.id'))
    .select(['e.student_id', 'e.id', 'e.course_code', 'e.school_year', 'e.term', 'e.mark as old_mark', 'c.mark as new_mark', 'c.id as correction_id', 'c.correction_reason', 'c.posted_at', 'c.posted_by'])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', 'in', studentIds)
    .orderBy('c.posted_at')
    .orderBy('c.id')
    .execute();
}

/** What the transcript needs to know of the students themselves: grade now, residency, cohort. */
export async function transcriptStudents(db: Handle, districtId: number, studentIds: readonly number[], today: string) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('student as s')
    .select((eb) => [
      's.id', 's.local_id', 's.residency', 's.cohort',
      eb
        .selectFrom('enrollment as e')
        .select(sql<number>`max(e.grade_level)`.as('g'))
        .whereRef('e.district_id', '=', 's.district_id')
        .whereRef('e.student_id', '=', 's.id')
        .where(sql<boolean>`e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date)`)
        .as('grade_level'),
      eb
        .selectFrom('enrollment as e')
        .select('e.school_id')
        .whereRef('e.district_id', '=', 's.district_id')
        .whereRef('e.student_id', '=', 's.id')
        .where(sql<boolean>`e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date) and e.is_primary`)
        .orderBy('e.entry_date', 'desc')
        .limit(1)
        .as('school_id'),
    ])
    .where('s.district_id', '=', districtId)
    .where('s.id', 'in', studentIds)
    .execute();
}

/**
 * Courses being taken this year and not yet on the transcript (spring's too): each section in each term it
 * meets, as the semester course of that term (a year course's second semester is its B course).
 */
export async function coursesInProgress(db: Handle, districtId: number, studentIds: readonly number[], today: string) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('section_roster as r')
    .innerJoin('section as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.section_id'))
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
    .innerJoin('section_meeting as m', (join) => join.onRef('m.district_id', '=', 's.district_id').onRef('m.section_id', '=', 's.id'))
    .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'm.district_id').onRef('t.id', '=', 'm.term_id'))
    .innerJoin('course as base', (join) => join.onRef('base.district_id', '=', 's.district_id').onRef('base.id', '=', 's.course_id'))
    .innerJoin('course as c', (join) =>
      join.onRef('c.district_id', '=', 'base.district_id').on(sql<boolean>`c.id = case when t.code = 'S2' and base.next_semester_course_id is not null then base.next_semester_course_id else base.id end`),
    )
    // Enrolled this year on the day, not "without an exit": a move to another school for next year
    // is recorded ahead of time with the exit on next year's first day, and until then the student
    // is still taking this year's courses (their own sections end that day too).
    .innerJoin('enrollment as e', (join) =>
      join
        .onRef('e.district_id', '=', 'r.district_id').onRef('e.student_id', '=', 'r.student_id').onRef('e.school_year_id', '=', 's.school_year_id')
        .on(sql<boolean>`(e.exit_date is null or e.exit_date > ${today}::date)`),
    )
    .select(['r.student_id', 'y.name as school_year', 't.code as term', 'e.grade_level', 'c.code', 'c.title', 'c.credits', 'c.ag_area', 'c.honors', 'c.uc_honors', 'c.subject', 'c.graduation_tags', 'c.language'])
    .distinct()
    .where('r.district_id', '=', districtId)
    .where('r.student_id', 'in', studentIds)
    // The rest of this year's schedule counts too: spring sections start in January, and a senior
    // on track to graduate is one whose whole year's schedule covers what is missing.
    .where(sql<boolean>`(r.end_date is null or r.end_date > ${today}::date) and y.is_current`)
    .where(sql<boolean>`not exists (select 1 from transcript_entry x where x.district_id = r.district_id and x.student_id = r.student_id
      and x.school_year = y.name and x.term = t.code and x.course_code = c.code)`)
    .orderBy('r.student_id')
    .orderBy('t.code')
    .orderBy('c.code')
    .execute();
}

export type CourseInProgress = Awaited<ReturnType<typeof coursesInProgress>>[number];

export async function schoolNames(db: Handle, districtId: number, schoolIds: readonly number[]): Promise<Map<number, string>> {
  if (schoolIds.length === 0) return new Map();
  const rows = await db.selectFrom('school').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', schoolIds).execute();
  return new Map(rows.map((s) => [s.id, s.name]));
}

/** The district GPAs of the last recompute of everyone enrolled in a school's grade on a day: class rank's peers. */
export async function classRankPeers(db: Handle, districtId: number, schoolId: number, grade: number, today: string, ruleSet: string) {
  return db
    .selectFrom('student_gpa as g')
    .innerJoin('enrollment as e', (join) => join.onRef('e.district_id', '=', 'g.district_id').onRef('e.student_id', '=', 'g.student_id'))
    .select(['g.student_id', 'g.district_points', 'g.district_bonus', 'g.district_count', 'g.computed_at'])
    .where('g.district_id', '=', districtId)
    .where('g.rule_set', '=', ruleSet)
    .where('e.school_id', '=', schoolId)
    .where('e.grade_level', '=', grade)
    .where(sql<boolean>`e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date) and e.is_primary`)
    .execute();
}

/** Who the official transcript is about, as the district records the student. */
export async function studentIdentity(db: Handle, districtId: number, studentId: number) {
  const [identity] = await studentIdentities(db, districtId, [studentId]);
  if (!identity) throw new Error(`no student ${studentId} in district ${districtId}`);
  return identity;
}

/** Who each of many official transcripts is about (a batch of documents), in no particular order. */
export async function studentIdentities(db: Handle, districtId: number, studentIds: readonly number[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('student')
    .select(['id', 'local_id', 'state_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'gender', 'cohort'])
    .where('district_id', '=', districtId)
    .where('id', 'in', studentIds)
    .execute();
}

/** The letterhead of an official document: the district's and a school's name, address and codes. */
export async function letterhead(db: Handle, districtId: number, schoolId: number | null) {
  const district = await db.selectFrom('district').select(['name', 'address', 'phone']).where('id', '=', districtId).executeTakeFirstOrThrow();
  const school =
    schoolId === null
      ? null
      : ((await db
          .selectFrom('school')
          .select(['id', 'name', 'address', 'phone', 'ceeb_code', 'state_code', 'publishes_class_rank'])
          .where('district_id', '=', districtId)
          .where('id', '=', schoolId)
          .executeTakeFirst()) ?? null);
  return { district, school };
}

/** A course of the district's catalog by its code, when the catalog has it: a mark from elsewhere may name one it has not. */
export async function catalogCourseId(db: Handle, districtId: number, courseCode: string): Promise<number | null> {
  const course = await db.selectFrom('course').select('id').where('district_id', '=', districtId).where('code', '=', courseCode).executeTakeFirst();
  return course?.id ?? null;
}

export async function insertTranscriptEntry(db: Handle, entry: Insertable<TranscriptEntryTable>): Promise<number> {
  const { id } = await db.insertInto('transcript_entry').values(entry).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** An entry about to be corrected, locked so two corrections of it cannot both be the newest. */
export async function entryForCorrection(db: Handle, districtId: number, studentId: number, entryId: number) {
  return db.selectFrom('transcript_entry').selectAll().where('district_id', '=', districtId).where('student_id', '=', studentId).where('id', '=', entryId).forUpdate().executeTakeFirst();
}

/** The correction that already superseded an entry, if one did. */
export async function correctionOf(db: Handle, districtId: number, entryId: number): Promise<number | null> {
  const newer = await db.selectFrom('transcript_entry').select('id').where('district_id', '=', districtId).where('supersedes_id', '=', entryId).executeTakeFirst();
  return newer?.id ?? null;
}

/** Students who have a high-school record: a transcript, or an enrollment in grade 9 or above. */
export const SECONDARY_STUDENT = sql<boolean>`(exists (select 1 from transcript_entry t where t.district_id = s.district_id and t.student_id = s.id)
  or exists (select 1 from enrollment e where e.district_id = s.district_id and e.student_id = s.id and e.grade_level >= 9 and e.exit_date is null))`;

/**
 * Every id of a district's students that match, in id order: one pass over the tables. Asked
 * batch by batch instead (the next ids after the last), each batch scanned the enrollments of the
 * whole district again, which at 650,000 students cost the database more than the batches' reads.
 */
export async function studentIdsWhere(db: Handle, districtId: number, which: RawBuilder<boolean>): Promise<number[]> {
  const rows = await db.selectFrom('student as s').select('s.id').where('s.district_id', '=', districtId).where(which).orderBy('s.id').execute();
  return rows.map((r) => r.id);
}
