import { dayFromCode, rollUpDay, weekdayLetter, type AttendanceCodeTable } from '@homeroom/core/attendance/index';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AttendanceRules } from './attendance.repository.ts';

export type MarkSource = 'teacher' | 'clerk' | 'parent-note' | 'import';

export interface StoredMark {
  studentId: number;
  /** The code stored before; null when the period (or day) had never been recorded. */
  code: string | null;
  source: string | null;
}

export interface DesiredMark {
  studentId: number;
  code: string;
  minutesAbsent: number | null;
}

export interface MarkChange {
  studentId: number;
  oldCode: string | null;
  newCode: string;
}

/**
 * Whether a save may replace a stored code. A teacher's (or a paper sheet's) "absent" does not undo
 * the reason a clerk or a note from home gave the same absence; a teacher who sees the student in
 * class may still mark them present.
 */
export function keepsStoredReason(stored: StoredMark, desired: string, source: MarkSource, codes: AttendanceCodeTable): boolean {
  if (source === 'clerk' || source === 'parent-note') return false;
  if (stored.code === null || (stored.source !== 'clerk' && stored.source !== 'parent-note')) return false;
  return codes.has(stored.code) && codes.isAbsent(stored.code) && codes.isAbsent(desired);
}

export interface SectionMarksInput {
  districtId: number;
  sectionId: number;
  schoolId: number;
  day: string;
  /** null: a daily-mode school, where the section's taking is the day. */
  periodId: number | null;
  stored: ReadonlyMap<number, StoredMark & { minutesAbsent?: number | null }>;
  desired: readonly DesiredMark[];
  source: MarkSource;
  recordedBy: number | null;
  reason: string | null;
  codes: AttendanceCodeTable;
  rules?: Pick<AttendanceRules, 'fullDayAbsentPeriods'>;
}

/**
 * More writes for the statement that stores the marks, given what changed: `with` parts
 * (`name as (insert … returning …)`) and the `select` that ends the statement, whose rows
 * storeSectionMarks returns. A save adds its taking and its audit rows this way, so that the whole
 * save is one statement.
 */
export interface Alongside {
  parts: Array<RawBuilder<unknown>>;
  result: RawBuilder<unknown>;
}

/**
 * Writes the codes of some students for one section meeting (or, in a daily-mode school, for the
 * day) and appends a history row for each code that changed. A period never recorded counts as
 * present, so recording "present" for it is not a change, and is not written: a student's period
 * (or day) has a row only once it was something other than present. Returns what changed.
 */
export async function writeSectionMarks(trx: Transaction<Database>, input: SectionMarksInput): Promise<MarkChange[]> {
  return (await storeSectionMarks(trx, input)).changes;
}

/**
 * writeSectionMarks, with more writes in the same statement. The codes, their history and (for
 * periods) the lock on each changed student's day are one statement whatever the size of the class;
 * then each changed student's day is derived again (two more).
 */
export async function storeSectionMarks<R>(trx: Transaction<Database>, input: SectionMarksInput, alongside?: (changes: readonly MarkChange[]) => Alongside): Promise<{ changes: MarkChange[]; rows: R[] }> {
  const { codes } = input;
  const present = codes.presentCode;
  const writes: DesiredMark[] = [];
  const changes: MarkChange[] = [];
  for (const mark of input.desired) {
    const stored = input.stored.get(mark.studentId) ?? { studentId: mark.studentId, code: null, source: null, minutesAbsent: null };
    const code = keepsStoredReason(stored, mark.code, input.source, codes) ? stored.code! : mark.code;
    const effectiveOld = stored.code ?? present;
    const sameMinutes = (stored.minutesAbsent ?? null) === mark.minutesAbsent;
    // Only what differs from "present" is stored (negative attendance, as SISs keep it): the taking
    // records that everyone else on the roster was there. A class of 30 with two absent is then two
    // rows, not thirty, each with its checks and index entries, on the morning 25,000 classes save.
    const presentAsNeverRecorded = stored.code === null && code === present && mark.minutesAbsent === null;
    if (!presentAsNeverRecorded && (stored.code !== code || (!sameMinutes && input.periodId !== null))) {
      writes.push({ studentId: mark.studentId, code, minutesAbsent: mark.minutesAbsent });
    }
    if (effectiveOld !== code) changes.push({ studentId: mark.studentId, oldCode: stored.code, newCode: code });
  }
  const extra = alongside?.(changes);
  if (writes.length === 0 && changes.length === 0 && !extra) return { changes, rows: [] };
  // Each part reads its rows from arrays, one per column, rather than a row of parameters per
  // student: the statement's text is the same for every class, so it is prepared once.
  const parts: Array<RawBuilder<unknown>> = [];
  if (input.periodId !== null) {
    parts.push(sql`written as (insert into period_attendance (district_id, section_id, student_id, day, period_id, code, minutes_absent, recorded_by, source)
      select ${input.districtId}::bigint, ${input.sectionId}::bigint, student_id, ${input.day}::date, ${input.periodId}::bigint, code, minutes_absent, ${input.recordedBy}::bigint, ${input.source}::text
      from unnest(${writes.map((w) => w.studentId)}::bigint[], ${writes.map((w) => w.code)}::text[], ${writes.map((w) => w.minutesAbsent)}::smallint[]) as w (student_id, code, minutes_absent)
      on conflict (district_id, section_id, student_id, day, period_id) do update set
        code = excluded.code, minutes_absent = excluded.minutes_absent, recorded_by = excluded.recorded_by, recorded_at = now(), source = excluded.source,
        version = period_attendance.version + case when period_attendance.code <> excluded.code then 1 else 0 end)`);
    // Two teachers saving different periods of the same student at once must not each derive the
    // day from only their own period: the changed students' day rows are locked here (created if
    // missing, in student order), so the second save waits, and then reads the periods as the
    // first committed them. A no-op update takes the lock in the statement that creates a missing row.
    parts.push(sql`day_locked as (insert into daily_attendance (district_id, student_id, day, school_id, status, code, periods_absent, periods_scheduled, derived, source)
      select ${input.districtId}::bigint, student_id, ${input.day}::date, ${input.schoolId}::bigint, 'present', null, 0, 0, true, 'derived'
      from unnest(${studentOrder(changes)}::bigint[]) as student_id
      on conflict (district_id, student_id, day) do update set updated_at = daily_attendance.updated_at)`);
  } else {
    const days = writes.map((w) => dayFromCode(w.code, codes));
    parts.push(sql`written as (insert into daily_attendance (district_id, student_id, day, school_id, status, code, periods_absent, periods_scheduled, derived, source)
      select ${input.districtId}::bigint, student_id, ${input.day}::date, ${input.schoolId}::bigint, status, code, periods_absent, periods_scheduled, false, ${input.source}::text
      from unnest(${writes.map((w) => w.studentId)}::bigint[], ${days.map((d) => d.status)}::text[], ${writes.map((w) => w.code)}::text[],
        ${days.map((d) => d.periodsAbsent)}::smallint[], ${days.map((d) => d.periodsScheduled)}::smallint[]) as w (student_id, status, code, periods_absent, periods_scheduled)
      on conflict (district_id, student_id, day) do update set
        school_id = excluded.school_id, status = excluded.status, code = excluded.code, periods_absent = excluded.periods_absent,
        periods_scheduled = excluded.periods_scheduled, derived = false, source = excluded.source, updated_at = now())`);
  }
  parts.push(sql`changed as (insert into attendance_change (district_id, student_id, day, section_id, period_id, old_code, new_code, source, reason, changed_by)
    select ${input.districtId}::bigint, student_id, ${input.day}::date, ${input.sectionId}::bigint, ${input.periodId}::bigint, old_code, new_code, ${input.source}::text, ${input.reason}::text, ${input.recordedBy}::bigint
    from unnest(${changes.map((c) => c.studentId)}::bigint[], ${changes.map((c) => c.oldCode)}::text[], ${changes.map((c) => c.newCode)}::text[]) as c (student_id, old_code, new_code))`);
  if (extra) parts.push(...extra.parts);
  const { rows } = await sql<R>`with ${sql.join(parts)} ${extra ? extra.result : sql`select 1`}`.execute(trx);
  if (input.periodId !== null && changes.length > 0) {
    await recomputeDailyAttendance(trx, { districtId: input.districtId, schoolId: input.schoolId, day: input.day, studentIds: changes.map((c) => c.studentId), codes, ...(input.rules ? { rules: input.rules } : {}) }, { locked: true });
  }
  return { changes, rows };
}

const studentOrder = (changes: readonly MarkChange[]) => [...new Set(changes.map((c) => c.studentId))].sort((a, b) => a - b);

/**
 * Derives the day of each student from their periods (secondary schools): every section meeting
 * they were on the roster of that day, with the code stored for it (present when none). A day a
 * clerk recorded directly is left as the clerk recorded it.
 */
export async function recomputeDailyAttendance(
  trx: Transaction<Database>,
  input: { districtId: number; schoolId: number; day: string; studentIds: readonly number[]; codes: AttendanceCodeTable; rules?: Pick<AttendanceRules, 'fullDayAbsentPeriods'> },
  /** locked: the caller's statement already locked the students' day rows (storeSectionMarks). */
  options: { locked?: boolean } = {},
): Promise<void> {
  if (input.studentIds.length === 0) return;
  const rules = input.rules ?? (await trx.selectFrom('attendance_rule').select('full_day_absent_periods as fullDayAbsentPeriods').where('district_id', '=', input.districtId).executeTakeFirst()) ?? { fullDayAbsentPeriods: null };
  const studentIds = [...new Set(input.studentIds)].sort((a, b) => a - b);
  if (!options.locked) {
    // Two teachers saving different periods of the same student at once must not each derive the
    // day from only their own period: the student's day row is locked first (created if missing,
    // in student order), so the second waits, and then reads the periods as the first committed them.
    await trx
      .insertInto('daily_attendance')
      .values(studentIds.map((studentId) => ({ district_id: input.districtId, student_id: studentId, day: input.day, school_id: input.schoolId, status: 'present', code: null, periods_absent: 0, periods_scheduled: 0, derived: true, source: 'derived' })))
      // A no-op update: it takes the row lock in the same statement that creates a missing row.
      .onConflict((oc) => oc.columns(['district_id', 'student_id', 'day']).doUpdateSet({ updated_at: sql`daily_attendance.updated_at` }))
      .execute();
  }
  const weekday = weekdayLetter(input.day);
  const { rows } = await sql<{ student_id: number; code: string | null }>`
    select r.student_id, a.code
    from section_roster r
    join section s on s.district_id = r.district_id and s.id = r.section_id and s.school_id = ${input.schoolId}
    join section_meeting m on m.district_id = s.district_id and m.section_id = s.id and position(${weekday} in m.days) > 0
    join term t on t.district_id = m.district_id and t.id = m.term_id and t.start_date <= ${input.day}::date and t.end_date >= ${input.day}::date
    join period p on p.district_id = m.district_id and p.id = m.period_id
    -- A lateral lookup kept apart (offset 0), so that it is by key for each period even when the
    -- table's statistics are stale: the first morning fills it faster than autovacuum analyzes it,
    -- and a join planned for an empty table scanned the whole day for each student (100 ms a save).
    left join lateral (select a.code from period_attendance a where a.district_id = r.district_id and a.section_id = r.section_id
      and a.student_id = r.student_id and a.day = ${input.day}::date and a.period_id = m.period_id offset 0) a on true
    -- The students through a subquery: planned with the list in view, PostgreSQL re-planned this
    -- statement at every save (1.2 ms each, more than running it) for the one or two students of
    -- a typical save; hidden, the kept plan is as good and is used.
    where r.district_id = ${input.districtId} and r.student_id = any((select ${studentIds}::bigint[])::bigint[])
      and r.start_date <= ${input.day}::date and (r.end_date is null or r.end_date > ${input.day}::date)
    order by r.student_id, p.sort_order`.execute(trx);
  const periods = new Map<number, string[]>();
  for (const row of rows) {
    const list = periods.get(row.student_id) ?? [];
    list.push(row.code ?? input.codes.presentCode);
    periods.set(row.student_id, list);
  }
  const days = [...periods].map(([studentId, codes]) => ({ studentId, ...rollUpDay(codes, input.codes, rules) }));
  if (days.length === 0) return;
  // A day a clerk recorded directly (derived = false) is left as the clerk recorded it.
  await sql`insert into daily_attendance (district_id, student_id, day, school_id, status, code, periods_absent, periods_scheduled, derived, source)
    select ${input.districtId}::bigint, student_id, ${input.day}::date, ${input.schoolId}::bigint, status, code, periods_absent, periods_scheduled, true, 'derived'
    from unnest(${days.map((d) => d.studentId)}::bigint[], ${days.map((d) => d.status)}::text[], ${days.map((d) => d.code)}::text[],
      ${days.map((d) => d.periodsAbsent)}::smallint[], ${days.map((d) => d.periodsScheduled)}::smallint[]) as d (student_id, status, code, periods_absent, periods_scheduled)
    on conflict (district_id, student_id, day) do update set
      school_id = excluded.school_id, status = excluded.status, code = excluded.code, periods_absent = excluded.periods_absent,
      periods_scheduled = excluded.periods_scheduled, updated_at = now()
    where daily_attendance.derived`.execute(trx);
}
