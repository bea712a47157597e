// The SQL of a school office's enrollment work: registering, enrolling, withdrawing, transferring.
// Inserting a student or an enrollment is the district import's insertRecord; the rest is here.
// Every function takes the transaction handle.
import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

export interface EnrollmentRow {
  id: number;
  school_id: number;
  entry_date: string;
  exit_date: string | null;
  version: number;
}

/** Locks the student's row for the transaction: two offices enrolling one child take turns. */
export async function lockStudent(db: Handle, districtId: number, studentId: number): Promise<boolean> {
  const row = await db.selectFrom('student').select('id').where('district_id', '=', districtId).where('id', '=', studentId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function schoolById(db: Handle, districtId: number, schoolId: number) {
  return db.selectFrom('school').select(['id', 'name', 'low_grade', 'high_grade']).where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
}

/** The school year whose dates hold the day. */
export async function schoolYearOn(db: Handle, districtId: number, day: string): Promise<number | null> {
  const row = await db.selectFrom('school_year').select('id').where('district_id', '=', districtId)
    .where('start_date', '<=', day).where('end_date', '>=', day).orderBy('start_date', 'desc').executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The student's primary enrollments, oldest first. */
export async function primaryEnrollments(db: Handle, districtId: number, studentId: number): Promise<EnrollmentRow[]> {
  const rows = await db.selectFrom('enrollment').select(['id', 'school_id', 'entry_date', 'exit_date', 'version'])
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('is_primary', '=', true)
    .orderBy('entry_date').orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), school_id: Number(r.school_id) }));
}

/** Ends an enrollment on a day (exclusive: the student is not enrolled that day), if it is still at the version the user saw. */
export async function endEnrollment(db: Handle, districtId: number, enrollmentId: number, expectedVersion: number, end: { day: string; exitCode: string; endedBy: number }): Promise<number | null> {
  const row = await db.updateTable('enrollment')
    .set({ exit_date: end.day, exit_code: end.exitCode, ended_by: end.endedBy, version: sql`version + 1` })
    .where('district_id', '=', districtId).where('id', '=', enrollmentId).where('version', '=', expectedVersion).where('exit_date', 'is', null)
    .returning('version').executeTakeFirst();
  return row ? row.version : null;
}

/**
 * Ends the student's places in the sections of a school on a day, as a drop does: the rows stay,
 * so the schedule on any earlier day is still answered. A place that begins after the day ends
 * where it begins (it never held).
 */
export async function endSectionsAtSchool(db: Handle, districtId: number, studentId: number, schoolId: number, day: string, endedBy: number): Promise<number> {
  const rows = await db.updateTable('section_roster as r')
    .set({ end_date: sql`greatest(r.start_date, ${day}::date)`, ended_by: endedBy })
    .where('r.district_id', '=', districtId).where('r.student_id', '=', studentId)
    .where((eb) => eb.or([eb('r.end_date', 'is', null), eb('r.end_date', '>', day)]))
    .where(sql<boolean>`exists (select 1 from section s where s.district_id = r.district_id and s.id = r.section_id and s.school_id = ${schoolId})`)
    .returning('r.id').execute();
  return rows.length;
}

/**
 * Records that may be the same child as a registration: the same state student id, or the same
 * name and birth date. Each with where they are or were last enrolled.
 */
export async function duplicateCandidates(db: Handle, districtId: number, today: string, child: { firstName: string; lastName: string; birthDate: string; stateId: string | null }) {
  const rows = await db.selectFrom('student as s')
    .leftJoinLateral(
      (eb) => eb.selectFrom('enrollment as e').innerJoin('school as sc', (join) => join.onRef('sc.district_id', '=', 'e.district_id').onRef('sc.id', '=', 'e.school_id'))
        .select(['sc.id as school_id', 'sc.name as school_name', sql<boolean>`e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date)`.as('enrolled_now')])
        .whereRef('e.district_id', '=', 's.district_id').whereRef('e.student_id', '=', 's.id')
        .orderBy('e.entry_date', 'desc').limit(1).as('last'),
      (join) => join.onTrue(),
    )
    .select(['s.id', 's.local_id', 's.state_id', 's.first_name', 's.last_name', 's.birth_date', 'last.school_id', 'last.school_name', 'last.enrolled_now'])
    .where('s.district_id', '=', districtId)
    .where((eb) => eb.or([
      eb.and([
        eb(sql`lower(s.last_name)`, '=', child.lastName.toLowerCase()),
        eb(sql`lower(s.first_name)`, '=', child.firstName.toLowerCase()),
        eb('s.birth_date', '=', child.birthDate),
      ]),
      ...(child.stateId ? [eb('s.state_id', '=', child.stateId)] : []),
    ]))
    .orderBy('s.id').limit(20).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), school_id: r.school_id === null ? null : Number(r.school_id), enrolled_now: r.enrolled_now ?? false }));
}

/** The district's next numeric student ID; the lock keeps two registrations from taking the same one. */
export async function nextLocalId(db: Handle, districtId: number): Promise<string> {
  await sql`select pg_advisory_xact_lock(hashtext('homeroom.student-local-id'), ${districtId}::int)`.execute(db);
  const row = await db.selectFrom('student').select(sql<string | null>`max(local_id::bigint)::text`.as('last'))
    .where('district_id', '=', districtId).where(sql<boolean>`local_id ~ '^[0-9]{1,15}$'`).executeTakeFirst();
  return String(BigInt(row?.last ?? '0') + 1n);
}

export async function localIdTaken(db: Handle, districtId: number, localId: string): Promise<boolean> {
  return (await db.selectFrom('student').select('id').where('district_id', '=', districtId).where('local_id', '=', localId).executeTakeFirst()) !== undefined;
}

/**
 * Students enrolled at each school on a day, from the effective dates alone: an exit or a
 * transfer recorded later for a later day leaves an earlier day's count as it was.
 */
export async function enrolledCounts(db: Handle, districtId: number, day: string, schools: number[] | 'all') {
  if (schools !== 'all' && schools.length === 0) return [];
  let query = db.selectFrom('school as sc')
    .leftJoin('enrollment as e', (join) => join.onRef('e.district_id', '=', 'sc.district_id').onRef('e.school_id', '=', 'sc.id')
      .on(sql<boolean>`e.is_primary and e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)`))
    .select(['sc.id', 'sc.name', sql<number>`count(distinct e.student_id)::int`.as('enrolled')])
    .where('sc.district_id', '=', districtId)
    .groupBy(['sc.id', 'sc.name']).orderBy('sc.name');
  if (schools !== 'all') query = query.where('sc.id', 'in', schools);
  const rows = await query.execute();
  return rows.map((r) => ({ schoolId: Number(r.id), name: r.name, enrolled: Number(r.enrolled) }));
}
