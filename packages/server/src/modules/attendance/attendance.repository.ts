import { AttendanceCodeTable, weekdayLetter, type StateCategory } from '@homeroom/core/attendance/index';
import { sql, type RawBuilder } from 'kysely';
import { preparedQuery } from '../../db/prepared-query.ts';
import type { Handle } from '../../db/handle.ts';

export interface AttendanceRules {
  teacherEditDays: number;
  fullDayAbsentPeriods: number | null;
  chronicMinimumDays: number;
}

/** The defaults of migration 0006, for a district that has not set its own. */
export const DEFAULT_ATTENDANCE_RULES: AttendanceRules = { teacherEditDays: 1, fullDayAbsentPeriods: null, chronicMinimumDays: 0 };

export async function loadAttendanceRules(db: Handle, districtId: number): Promise<AttendanceRules> {
  const row = await db.selectFrom('attendance_rule').selectAll().where('district_id', '=', districtId).executeTakeFirst();
  if (!row) return DEFAULT_ATTENDANCE_RULES;
  return { teacherEditDays: row.teacher_edit_days, fullDayAbsentPeriods: row.full_day_absent_periods, chronicMinimumDays: row.chronic_minimum_days };
}

interface CodeRow {
  code: string;
  description: string;
  state_category: string;
  counts_as_absent: boolean;
  is_default: boolean;
  sort_order: number;
}

export function codeTableOf(rows: readonly CodeRow[]): AttendanceCodeTable {
  return new AttendanceCodeTable(
    rows.map((r) => ({ code: r.code, description: r.description, stateCategory: r.state_category as StateCategory, countsAsAbsent: r.counts_as_absent, isDefault: r.is_default, sortOrder: r.sort_order })),
  );
}

export async function loadCodeTable(db: Handle, districtId: number): Promise<AttendanceCodeTable> {
  return codeTableOf(await db.selectFrom('attendance_code').selectAll().where('district_id', '=', districtId).orderBy('sort_order').orderBy('code').execute());
}

export interface SectionOnDay {
  id: number;
  code: string;
  school_id: number;
  school_name: string;
  school_code: string;
  attendance_mode: 'period' | 'daily';
  course_code: string;
  course_title: string;
  /** The day asked about: the district's today when none was named. */
  day: string;
  /** null when the school has no calendar row for the day. */
  is_instructional: boolean | null;
  day_type: string | null;
  day_note: string | null;
  today: string;
  /** Whether this staff member teaches the section on the day. */
  teaches: boolean;
  /** The district's attendance rules and codes, and the periods the section meets that day. */
  rules: AttendanceRules;
  codes: CodeRow[];
  meetings: MeetingPeriod[];
  /** The save already stored under the idempotency key asked about, if any. */
  earlier: StoredTaking | null;
  /** The latest save of each period that day (period_id null: a daily-mode homeroom's). */
  takings: Array<{ period_id: number | null; taken_at: string; taken_by: string | null; source: string }>;
}

/**
 * The section with everything deciding about a save needs, in one round trip (the first morning
 * is 25,000 of these in minutes): its school and mode, the school's calendar for the day, today in
 * the district, whether the actor teaches it that day, the district's rules and codes, the periods
 * it meets that day, and an earlier save under the same idempotency key. Without a day, the day is
 * today in the district. With `lock`, the section row is held until the transaction ends, so two
 * saves of the same section (two tabs, a retry racing the original) take turns instead of
 * interleaving.
 */
export async function findSectionOnDay(
  db: Handle,
  districtId: number,
  sectionId: number,
  day: string | null,
  staffId: number | null,
  today: string,
  options: { lock?: boolean; idempotencyKey?: string } = {},
): Promise<SectionOnDay | undefined> {
  const query = sectionOnDayQueries[(options.lock ? 2 : 0) + (staffId === null ? 0 : 1)]!;
  const [found] = await query(db, { districtId, sectionId, day: day ?? today, staffId, idempotencyKey: options.idempotencyKey ?? null });
  if (!found) return undefined;
  const weekday = weekdayLetter(found.day);
  const meetings = found.meetings.filter((m) => m.days.includes(weekday)).map(({ days: _days, ...m }) => m);
  return { ...found, today, meetings } as SectionOnDay;
}

interface SectionOnDayValues extends Record<string, unknown> {
  districtId: number;
  sectionId: number;
  day: string;
  staffId: number | null;
  idempotencyKey: string | null;
}

/** findSectionOnDay's query, compiled once for each shape: locked or not, with a staff member or none. */
const sectionOnDayQueries = [false, true].flatMap((lock) => [false, true].map((withStaff) => preparedQuery((db, v: SectionOnDayValues) => sectionOnDayQuery(db, v, lock, withStaff))));

function sectionOnDayQuery(db: Handle, v: SectionOnDayValues, lock: boolean, withStaff: boolean) {
  const query = db
    .selectFrom('section as s')
    .innerJoin('school as sc', (j) => j.onRef('sc.district_id', '=', 's.district_id').onRef('sc.id', '=', 's.school_id'))
    .innerJoin('course as c', (j) => j.onRef('c.district_id', '=', 's.district_id').onRef('c.id', '=', 's.course_id'))
    .innerJoin(sql<{ day: string }>`lateral (select ${v.day}::date as day)`.as('o'), (j) => j.onTrue())
    .leftJoin('calendar_day as cd', (j) => j.onRef('cd.district_id', '=', 's.district_id').onRef('cd.school_id', '=', 's.school_id').onRef('cd.day', '=', 'o.day'))
    .select((eb) => [
      's.id',
      's.code',
      's.school_id',
      'sc.name as school_name',
      'sc.code as school_code',
      sql<'period' | 'daily'>`sc.attendance_mode`.as('attendance_mode'),
      'c.code as course_code',
      'c.title as course_title',
      sql<string>`to_char(o.day, 'YYYY-MM-DD')`.as('day'),
      'cd.is_instructional',
      'cd.day_type',
      'cd.note as day_note',
      !withStaff
        ? sql<boolean>`false`.as('teaches')
        : eb
            .exists(
              eb
                .selectFrom('section_teacher as t')
                .select('t.staff_id')
                .whereRef('t.district_id', '=', 's.district_id')
                .whereRef('t.section_id', '=', 's.id')
                .where('t.staff_id', '=', v.staffId!)
                .where(sql<boolean>`t.start_date <= o.day and (t.end_date is null or t.end_date > o.day)`),
            )
            .as('teaches'),
      sql<AttendanceRules>`coalesce((select json_build_object('teacherEditDays', r.teacher_edit_days, 'fullDayAbsentPeriods', r.full_day_absent_periods, 'chronicMinimumDays', r.chronic_minimum_days)
        from attendance_rule r where r.district_id = s.district_id), ${JSON.stringify(DEFAULT_ATTENDANCE_RULES)}::json)`.as('rules'),
      sql<CodeRow[]>`coalesce((select json_agg(json_build_object('code', ac.code, 'description', ac.description, 'state_category', ac.state_category, 'counts_as_absent', ac.counts_as_absent,
        'is_default', ac.is_default, 'sort_order', ac.sort_order) order by ac.sort_order, ac.code) from attendance_code ac where ac.district_id = s.district_id), '[]'::json)`.as('codes'),
      // Every meeting in the day's term with its days of the week: which of them fall on the day is
      // the core's weekday rule, applied below.
      sql<Array<MeetingPeriod & { days: string }>>`coalesce((select json_agg(json_build_object('period_id', p.id, 'code', p.code, 'name', p.name, 'sort_order', p.sort_order, 'days', m.days) order by p.sort_order)
        from section_meeting m join term t on t.district_id = m.district_id and t.id = m.term_id join period p on p.district_id = m.district_id and p.id = m.period_id
        where m.district_id = s.district_id and m.section_id = s.id and t.start_date <= o.day and t.end_date >= o.day), '[]'::json)`.as('meetings'),
      sql<SectionOnDay['takings']>`coalesce((select json_agg(json_build_object('period_id', a.period_id, 'taken_at', a.taken_at, 'source', a.source,
          'taken_by', (select st.first_name || ' ' || st.last_name from staff st where st.district_id = a.district_id and st.id = a.taken_by)) order by a.taken_at desc)
        from attendance_taking a where a.district_id = s.district_id and a.section_id = s.id and a.day = o.day), '[]'::json)`.as('takings'),
      // Always a parameter, so that a save and a roster read are the same statement to prepare.
      sql<StoredTaking | null>`(select json_build_object('id', a.id, 'section_id', a.section_id, 'day', to_char(a.day, 'YYYY-MM-DD'), 'result', a.result)
            from attendance_taking a where a.district_id = s.district_id and a.idempotency_key = ${v.idempotencyKey}::text)`.as('earlier'),
    ])
    .where('s.district_id', '=', v.districtId)
    .where('s.id', '=', v.sectionId);
  return lock ? query.forNoKeyUpdate('s') : query;
}

export interface MeetingPeriod {
  period_id: number;
  code: string;
  name: string;
  sort_order: number;
}

export interface RosterStudent {
  student_id: number;
  local_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  code: string | null;
  minutes_absent: number | null;
  source: string | null;
  version: number | null;
  /** Whether a guardian's note covers the day. */
  noted: boolean;
}

/**
 * The students on a section's roster on a day (effective-dated: start ≤ day < end), each with the
 * code stored for that period (or for the day in a daily-mode school) and whether a note from home
 * covers the day. With `audit`, the same statement writes the audit rows of the read (see
 * auditOfStudents), so that a teacher's roster is one round trip with its audit.
 */
export async function rosterWithMarks(
  db: Handle,
  districtId: number,
  sectionId: number,
  day: string,
  periodId: number | null,
  options: { audit?: (students: RawBuilder<unknown>) => RawBuilder<unknown> } = {},
): Promise<RosterStudent[]> {
  // Lookups kept apart (offset 0) so that they go by key even on stale statistics (see attendance-marks.repository.ts).
  const marks =
    periodId === null
      ? sql`left join lateral (select a.code, a.source from daily_attendance a where a.district_id = r.district_id and a.student_id = r.student_id and a.day = ${day}::date offset 0) a on true`
      : sql`left join lateral (select a.code, a.minutes_absent, a.source, a.version from period_attendance a where a.district_id = r.district_id and a.section_id = r.section_id
          and a.student_id = r.student_id and a.day = ${day}::date and a.period_id = ${periodId} offset 0) a on true`;
  const version = periodId === null ? sql`null::int` : sql`a.version`;
  const minutes = periodId === null ? sql`null::smallint` : sql`a.minutes_absent`;
  const roster = sql`
    select distinct on (st.last_name, st.first_name, st.id) st.id as student_id, st.local_id, st.first_name, st.last_name, st.preferred_name,
      a.code, ${minutes} as minutes_absent, a.source, ${version} as version,
      exists (select 1 from attendance_note n where n.district_id = r.district_id and n.student_id = r.student_id and n.from_day <= ${day}::date and n.to_day >= ${day}::date
        and (n.school_ids is null or exists (select 1 from section ns where ns.district_id = r.district_id and ns.id = r.section_id and ns.school_id = any(n.school_ids)))) as noted
    from section_roster r
    join student st on st.district_id = r.district_id and st.id = r.student_id
    ${marks}
    where r.district_id = ${districtId} and r.section_id = ${sectionId}
      and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date)
    order by st.last_name, st.first_name, st.id`;
  const statement = options.audit
    ? sql<RosterStudent>`with roster as (${roster}), audited as (${options.audit(sql`select student_id from roster`)})
      select * from roster order by last_name, first_name, student_id`
    : sql<RosterStudent>`${roster}`;
  const { rows } = await statement.execute(db);
  return rows;
}

export interface StoredTaking {
  id: number;
  section_id: number;
  day: string;
  result: unknown;
}

export async function findTaking(db: Handle, districtId: number, idempotencyKey: string): Promise<StoredTaking | undefined> {
  return db
    .selectFrom('attendance_taking')
    .select(['id', 'section_id', 'day', 'result'])
    .where('district_id', '=', districtId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export interface NewTaking {
  districtId: number;
  sectionId: number;
  day: string;
  periodId: number | null;
  takenBy: number | null;
  idempotencyKey: string;
  /** The answer of the save, kept so that a retry with the same key gets it back. */
  result: unknown;
  source: 'teacher' | 'clerk';
}

/**
 * The taking of a save as a part of the statement that stores its marks (see storeSectionMarks):
 * `taking`, whose id the audit row of the same statement names.
 */
export function takingPart(t: NewTaking): RawBuilder<unknown> {
  return sql`taking as (insert into attendance_taking (district_id, section_id, day, period_id, taken_by, idempotency_key, result, source)
    values (${t.districtId}::bigint, ${t.sectionId}::bigint, ${t.day}::date, ${t.periodId}::bigint, ${t.takenBy}::bigint, ${t.idempotencyKey}::text, ${JSON.stringify(t.result)}::jsonb, ${t.source}::text)
    returning id)`;
}

/** The save's audit row as a part of the same statement. */
export function auditedPart(audit: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`audited as (${audit})`;
}

/** The id of the taking inserted by takingPart in the same statement. */
export const takingId: RawBuilder<unknown> = sql`select id from taking`;

/** The school a student was enrolled in (primary enrollment) on a day. */
export async function enrolledSchoolOn(db: Handle, districtId: number, studentId: number, day: string) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('school as sc', (j) => j.onRef('sc.district_id', '=', 'e.district_id').onRef('sc.id', '=', 'e.school_id'))
    .leftJoin('calendar_day as cd', (j) => j.onRef('cd.district_id', '=', 'e.district_id').onRef('cd.school_id', '=', 'e.school_id').on('cd.day', '=', day))
    .select(['sc.id as school_id', 'sc.name as school_name', sql<'period' | 'daily'>`sc.attendance_mode`.as('attendance_mode'), 'cd.is_instructional', 'cd.day_type', 'cd.note as day_note'])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', '=', studentId)
    .where('e.is_primary', '=', true)
    .where(sql<boolean>`e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)`)
    .executeTakeFirst();
}
