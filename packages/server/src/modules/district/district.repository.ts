import { sql } from 'kysely';
import { Problem } from '../../http/problem.ts';
import type { Handle } from '../../db/handle.ts';

/** The district (or the one of that code), once it is whole: a load stopped half-way is not one. */
export async function findDistrict(db: Handle, code?: string) {
  let query = db.selectFrom('district').select(['id', 'code', 'name', 'state', 'time_zone']).where('loading', '=', false).orderBy('id').limit(1);
  if (code) query = query.where('code', '=', code);
  return query.executeTakeFirst();
}

/** The district's time zone: its school day and its bell times are read in it. */
export async function districtTimeZone(db: Handle, districtId: number): Promise<string> {
  const district = await db.selectFrom('district').select('time_zone').where('id', '=', districtId).executeTakeFirstOrThrow();
  return district.time_zone;
}

export async function currentSchoolYear(db: Handle, districtId: number) {
  return db.selectFrom('school_year').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).where('is_current', '=', true).executeTakeFirst();
}

export interface SchoolListFilter {
  kind?: string;
  search?: string;
  limit: number;
  offset: number;
}

/** Schools with their current enrollment: an aggregate, never a student's record. */
export async function listSchools(db: Handle, districtId: number, schoolYearId: number | null, filter: SchoolListFilter) {
  let query = db
    .selectFrom('school')
    .select((eb) => [
      'school.id', 'school.code', 'school.name', 'school.kind', 'school.low_grade', 'school.high_grade',
      eb
        .selectFrom('enrollment')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('enrollment.district_id', '=', districtId)
        .whereRef('enrollment.school_id', '=', 'school.id')
        .where('enrollment.school_year_id', '=', schoolYearId ?? -1)
        .where('enrollment.exit_date', 'is', null)
        .as('enrolled'),
    ])
    .where('school.district_id', '=', districtId);
  if (filter.kind) query = query.where('school.kind', '=', filter.kind);
  if (filter.search) query = query.where(sql<boolean>`lower(school.name) like ${`%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const [rows, total] = await Promise.all([
    query.orderBy('school.name').orderBy('school.id').limit(filter.limit).offset(filter.offset).execute(),
    db.selectFrom('school').select(sql<number>`count(*)::int`.as('n')).where('district_id', '=', districtId).$if(!!filter.kind, (q) => q.where('kind', '=', filter.kind!)).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: filter.search ? undefined : total.n };
}

export async function districtFigures(db: Handle, districtId: number, schoolYearId: number | null) {
  const row = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from school where district_id = ${districtId})`.as('schools'),
      sql<number>`(select count(*)::int from enrollment where district_id = ${districtId} and school_year_id = ${schoolYearId ?? -1} and exit_date is null)`.as('students_enrolled'),
      sql<number>`(select count(*)::int from section where district_id = ${districtId} and school_year_id = ${schoolYearId ?? -1})`.as('sections'),
      sql<number>`(select count(*)::int from course where district_id = ${districtId} and active)`.as('courses'),
      sql<number>`(select count(*)::int from staff where district_id = ${districtId} and active)`.as('staff'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/** A school year by name, or the current (or next) one when no name is given; a clear 404 otherwise. */
export async function schoolYearByName(db: Handle, districtId: number, name: string | undefined, fallback: 'current' | 'next') {
  const years = await db.selectFrom('school_year').select(['id', 'name', 'is_current', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date').execute();
  if (name) {
    const year = years.find((y) => y.name === name);
    if (!year) throw new Problem(404, 'not-found', 'No such school year', `The district has no school year ${name}.`);
    return year;
  }
  const current = years.findIndex((y) => y.is_current);
  const year = fallback === 'current' ? years[current] : years[current + 1];
  if (!year) throw new Problem(404, 'not-found', 'No such school year', fallback === 'next' ? 'The district has not set up next school year yet.' : 'The district has no current school year.');
  return year;
}
