import { sql, type Transaction } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import type { Database } from '../../db/schema.ts';

// One student's schedule as a counselor changes it: the seats held, the sections asked for with
// their seats and times, the periods the student cannot take, and the rows a change ends or starts.

export interface SectionFacts {
  id: number;
  code: string;
  course_id: number;
  course_code: string;
  school_id: number;
  school_year_id: number;
  capacity: number;
  taken: number;
  slots: string[];
}

/**
 * The sections with their seats taken and their meeting slots. `lock` makes every add to a
 * section wait its turn, so the seat count read next is still true when the row is written: a
 * 34-seat section never gets a 35th. The count is its own statement because a statement's
 * snapshot predates the lock it waited for.
 */
export async function sectionFacts(trx: Transaction<Database>, districtId: number, ids: number[], lock: boolean): Promise<SectionFacts[]> {
  if (ids.length === 0) return [];
  if (lock) await sql`select id from section where district_id = ${districtId} and id = any(${ids}::bigint[]) order by id for update`.execute(trx);
  const { rows } = await sql<SectionFacts>`
    select s.id, s.code, s.course_id, c.code as course_code, s.school_id, s.school_year_id, s.capacity,
      (select count(*)::int from section_roster r where r.district_id = s.district_id and r.section_id = s.id and r.end_date is null) as taken,
      coalesce((select array_agg(t.code || '-' || p.code) from section_meeting m join term t on t.district_id = m.district_id and t.id = m.term_id
        join period p on p.district_id = m.district_id and p.id = m.period_id where m.district_id = s.district_id and m.section_id = s.id), '{}') as slots
    from section s join course c on c.district_id = s.district_id and c.id = s.course_id
    where s.district_id = ${districtId} and s.id = any(${ids}::bigint[])
    order by s.id`.execute(trx);
  return rows;
}

/** The student's seats held now, this school year. */
export function currentSeats(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('section_roster as r')
    .innerJoin('section as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.section_id'))
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
    .select(['r.id', 'r.section_id', 's.school_id', 's.school_year_id'])
    .where('r.district_id', '=', districtId)
    .where('r.student_id', '=', studentId)
    .where('r.end_date', 'is', null)
    .where('y.is_current', '=', true)
    .execute();
}

/** The school the student is enrolled in now, this school year. */
export function currentEnrollment(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 'e.district_id').onRef('y.id', '=', 'e.school_year_id'))
    .select(['e.school_id', 'e.school_year_id', 'e.grade_level'])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', '=', studentId)
    .where('e.exit_date', 'is', null)
    .where('y.is_current', '=', true)
    .executeTakeFirst();
}

/** The course of each section. */
export function coursesOfSections(db: Handle, districtId: number, sectionIds: readonly number[]) {
  if (sectionIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('section').select(['id', 'course_id']).where('district_id', '=', districtId).where('id', 'in', [...sectionIds]).execute();
}

/** The slots ("S1-3") the student cannot take in the school year. */
export async function unavailableSlots(db: Handle, districtId: number, studentId: number, schoolYearId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('student_unavailable_slot as u')
    .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'u.district_id').onRef('t.id', '=', 'u.term_id'))
    .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.period_id'))
    .select(sql<string>`t.code || '-' || p.code`.as('slot'))
    .where('u.district_id', '=', districtId)
    .where('u.student_id', '=', studentId)
    .where('u.school_year_id', '=', schoolYearId)
    .execute();
  return rows.map((u) => u.slot);
}

/** The student leaves the sections today (a seat taken today and left today never started). */
export async function endSeats(db: Handle, districtId: number, studentId: number, sectionIds: readonly number[], change: { today: string; by: number; reason: string }): Promise<void> {
  if (sectionIds.length === 0) return;
  await db
    .updateTable('section_roster')
    .set({ end_date: sql`greatest(start_date, ${change.today}::date)`, ended_by: change.by, reason: change.reason })
    .where('district_id', '=', districtId)
    .where('student_id', '=', studentId)
    .where('section_id', 'in', [...sectionIds])
    .where('end_date', 'is', null)
    .execute();
}

export interface NewSeat {
  sectionId: number;
  /** Why a course rule was let through for this seat, if one was. */
  overrideReason: string | null;
}

export async function startSeats(db: Handle, districtId: number, studentId: number, seats: readonly NewSeat[], change: { today: string; by: number; reason: string; source: 'counselor' | 'walk-in' }): Promise<void> {
  if (seats.length === 0) return;
  await db
    .insertInto('section_roster')
    .values(seats.map((s) => ({ district_id: districtId, section_id: s.sectionId, student_id: studentId, start_date: sql<string>`${change.today}::date`, source: change.source, reason: change.reason, created_by: change.by, override_reason: s.overrideReason })))
    .execute();
}

/** Seats taken in each of the school's sections this year, and whether the student holds one of them. */
export async function seatsTakenAt(db: Handle, districtId: number, schoolId: number, schoolYearId: number, studentId: number) {
  const { rows } = await sql<{ section_id: number; taken: number; mine: boolean }>`
    select r.section_id, count(*)::int as taken, bool_or(r.student_id = ${studentId}) as mine from section_roster r join section s on s.district_id = r.district_id and s.id = r.section_id
    where r.district_id = ${districtId} and s.school_id = ${schoolId} and s.school_year_id = ${schoolYearId} and r.end_date is null
    group by r.section_id`.execute(db);
  return rows;
}

/** The district's courses with these codes. */
export function coursesByCode(db: Handle, districtId: number, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('course').select(['id', 'code']).where('district_id', '=', districtId).where('code', 'in', [...codes]).execute();
}
