import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** A school's places and times: its rooms, its periods and its bell schedules. */

const roomColumns = ['r.id', 'r.school_id', 'r.code', 'r.name', 'r.room_type', 'r.capacity', 'r.version'] as const;

/** The school's rooms, with how many sections of the school's current and later years meet in each. */
export async function schoolRooms(db: Handle, districtId: number, schoolId: number, roomId?: number) {
  let query = db
    .selectFrom('room as r')
    .select([
      ...roomColumns,
      (eb) =>
        eb
          .selectFrom('section as s')
          .innerJoin('school_year as y', (j) => j.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('s.district_id', '=', 'r.district_id')
          .whereRef('s.room_id', '=', 'r.id')
          .where('y.end_date', '>=', sql<string>`(select start_date from school_year where district_id = ${districtId} and is_current)`)
          .as('sections'),
    ])
    .where('r.district_id', '=', districtId)
    .where('r.school_id', '=', schoolId);
  if (roomId !== undefined) query = query.where('r.id', '=', roomId);
  return query.orderBy('r.code').execute();
}

export async function roomForUpdate(db: Handle, districtId: number, schoolId: number, roomId: number) {
  return db.selectFrom('room').select(['id', 'code', 'capacity', 'version']).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('id', '=', roomId).forUpdate().executeTakeFirst();
}

/** Whether another of the school's rooms (or periods) already has the code. */
export async function schoolCodeTaken(db: Handle, table: 'room' | 'period', districtId: number, schoolId: number, code: string, exceptId: number | null) {
  let query = db.selectFrom(table).select('id').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('code', '=', code);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

type RoomValues = { code: string; name: string | null; kind: string; capacity: number };

export async function insertRoom(db: Handle, districtId: number, schoolId: number, v: RoomValues) {
  return (await db.insertInto('room').values({ district_id: districtId, school_id: schoolId, code: v.code, name: v.name, room_type: v.kind, capacity: v.capacity }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRoom(db: Handle, districtId: number, roomId: number, expectedVersion: number, v: RoomValues) {
  return db
    .updateTable('room')
    .set({ code: v.code, name: v.name, room_type: v.kind, capacity: v.capacity, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', roomId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

/** Sections of the current and later years meeting in the room that have more seats than it holds. */
export async function sectionsLargerThan(db: Handle, districtId: number, roomId: number, capacity: number) {
  return db
    .selectFrom('section as s')
    .innerJoin('school_year as y', (j) => j.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
    .select(['s.code', 's.capacity'])
    .where('s.district_id', '=', districtId)
    .where('s.room_id', '=', roomId)
    .where('s.capacity', '>', capacity)
    .where('y.end_date', '>=', sql<string>`(select start_date from school_year where district_id = ${districtId} and is_current)`)
    .orderBy('s.code')
    .execute();
}

// ---- Periods and bell schedules ----

export async function schoolPeriods(db: Handle, districtId: number, schoolId: number) {
  return db
    .selectFrom('period as p')
    .select([
      'p.id', 'p.code', 'p.name', 'p.sort_order', 'p.version',
      (eb) => eb.selectFrom('section_meeting as m').select(sql<number>`count(distinct m.section_id)::int`.as('n')).whereRef('m.district_id', '=', 'p.district_id').whereRef('m.period_id', '=', 'p.id').as('sections'),
    ])
    .where('p.district_id', '=', districtId)
    .where('p.school_id', '=', schoolId)
    .orderBy('p.sort_order')
    .orderBy('p.code')
    .execute();
}

export async function periodForUpdate(db: Handle, districtId: number, schoolId: number, periodId: number) {
  return db.selectFrom('period').select(['id', 'code', 'name', 'version']).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('id', '=', periodId).forUpdate().executeTakeFirst();
}

type PeriodValues = { code: string; name: string; sortOrder: number };

export async function insertPeriod(db: Handle, districtId: number, schoolId: number, v: PeriodValues) {
  return (await db.insertInto('period').values({ district_id: districtId, school_id: schoolId, code: v.code, name: v.name, sort_order: v.sortOrder }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePeriod(db: Handle, districtId: number, periodId: number, expectedVersion: number, v: PeriodValues) {
  return db
    .updateTable('period')
    .set({ code: v.code, name: v.name, sort_order: v.sortOrder, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', periodId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

/** The codes of the sections that meet in a period, and every other record that names it. */
export async function periodDependents(db: Handle, districtId: number, periodIds: number[]) {
  const sections = await db
    .selectFrom('section_meeting as m')
    .innerJoin('section as s', (j) => j.onRef('s.district_id', '=', 'm.district_id').onRef('s.id', '=', 'm.section_id'))
    .innerJoin('school_year as y', (j) => j.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
    .select(['m.period_id', 's.id', sql<string>`s.code || ' (' || y.name || ')'`.as('name')])
    .distinct()
    .where('m.district_id', '=', districtId)
    .where('m.period_id', 'in', periodIds)
    .orderBy('name')
    .execute();
  const { rows } = await sql<{ attendance: number; unavailable: number; proposals: number }>`
    select
      (select count(*)::int from period_attendance where district_id = ${districtId} and period_id = any(${periodIds}::bigint[]))
        + (select count(*)::int from attendance_taking where district_id = ${districtId} and period_id = any(${periodIds}::bigint[]))
        + (select count(*)::int from attendance_change where district_id = ${districtId} and period_id = any(${periodIds}::bigint[])) as attendance,
      (select count(*)::int from student_unavailable_slot where district_id = ${districtId} and period_id = any(${periodIds}::bigint[]))
        + (select count(*)::int from staff_unavailable_slot where district_id = ${districtId} and period_id = any(${periodIds}::bigint[])) as unavailable,
      (select count(*)::int from scheduling_run_placement where district_id = ${districtId} and period_id = any(${periodIds}::bigint[])) as proposals`.execute(db);
  return { sections, ...(rows[0] ?? { attendance: 0, unavailable: 0, proposals: 0 }) };
}

export async function deletePeriod(db: Handle, districtId: number, periodId: number) {
  await db.deleteFrom('bell_schedule_period').where('district_id', '=', districtId).where('period_id', '=', periodId).execute();
  await db.deleteFrom('period').where('district_id', '=', districtId).where('id', '=', periodId).execute();
}

export async function schoolBellSchedules(db: Handle, districtId: number, schoolId: number) {
  const schedules = await db.selectFrom('bell_schedule').select(['id', 'name', 'is_default', 'version']).where('district_id', '=', districtId).where('school_id', '=', schoolId).orderBy('is_default', 'desc').orderBy('name').execute();
  const times = schedules.length === 0 ? [] : await db
    .selectFrom('bell_schedule_period as b')
    .innerJoin('period as p', (j) => j.onRef('p.district_id', '=', 'b.district_id').onRef('p.id', '=', 'b.period_id'))
    .select(['b.bell_schedule_id', 'b.period_id', 'p.code', sql<string>`to_char(b.starts_at, 'HH24:MI')`.as('starts_at'), sql<string>`to_char(b.ends_at, 'HH24:MI')`.as('ends_at')])
    .where('b.district_id', '=', districtId)
    .where('b.bell_schedule_id', 'in', schedules.map((s) => s.id))
    .orderBy('b.starts_at')
    .execute();
  return { schedules, times };
}

export async function bellScheduleForUpdate(db: Handle, districtId: number, schoolId: number, bellScheduleId: number) {
  return db.selectFrom('bell_schedule').select(['id', 'name', 'is_default', 'version']).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('id', '=', bellScheduleId).forUpdate().executeTakeFirst();
}

export async function bellScheduleNamed(db: Handle, districtId: number, schoolId: number, name: string, exceptId: number | null) {
  let query = db.selectFrom('bell_schedule').select('id').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('name', '=', name);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function bellTimesOf(db: Handle, districtId: number, bellScheduleId: number) {
  return db.selectFrom('bell_schedule_period').select('period_id').where('district_id', '=', districtId).where('bell_schedule_id', '=', bellScheduleId).execute();
}

export async function insertBellSchedule(db: Handle, districtId: number, schoolId: number, v: { name: string; isDefault: boolean }) {
  return (await db.insertInto('bell_schedule').values({ district_id: districtId, school_id: schoolId, name: v.name, is_default: v.isDefault }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBellSchedule(db: Handle, districtId: number, bellScheduleId: number, expectedVersion: number, v: { name: string; isDefault: boolean }) {
  return db
    .updateTable('bell_schedule')
    .set({ name: v.name, is_default: v.isDefault, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', bellScheduleId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

/** One default bell schedule per school: making one the default makes the others not. */
export async function clearDefaultBellSchedule(db: Handle, districtId: number, schoolId: number, exceptId: number) {
  await db.updateTable('bell_schedule').set({ is_default: false, version: sql`version + 1` }).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('id', '<>', exceptId).where('is_default', '=', true).execute();
}

export async function replaceBellTimes(db: Handle, districtId: number, bellScheduleId: number, times: Array<{ periodId: number; startsAt: string; endsAt: string }>) {
  await db.deleteFrom('bell_schedule_period').where('district_id', '=', districtId).where('bell_schedule_id', '=', bellScheduleId).execute();
  if (times.length === 0) return;
  await db
    .insertInto('bell_schedule_period')
    .values(times.map((t) => ({ district_id: districtId, bell_schedule_id: bellScheduleId, period_id: t.periodId, starts_at: t.startsAt, ends_at: t.endsAt })))
    .execute();
}
