import { dayFromCode, rollUpDay, weekdayLetter, type AttendanceCodeTable } from '@homeroom/core/attendance/index';
import { sql, type Transaction } from 'kysely';
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

/**
 * Writes the codes of some students for one section meeting (or, in a daily-mode school, for the
 * day) and appends a history row for each code that changed. A period never recorded counts as
 * present, so recording "present" for it is not a change. Returns what changed.
 */
export async function writeSectionMarks(
  trx: Transaction<Database>,
  input: {
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
  },
): Promise<MarkChange[]> {
  const { codes } = input;
  const present = codes.presentCode;
  const writes: DesiredMark[] = [];
  const changes: MarkChange[] = [];
  for (const mark of input.desired) {
    const stored = input.stored.get(mark.studentId) ?? { studentId: mark.studentId, code: null, source: null, minutesAbsent: null };
    const code = keepsStoredReason(stored, mark.code, input.source, codes) ? stored.code! : mark.code;
    const effectiveOld = stored.code ?? present;
    const sameMinutes = (stored.minutesAbsent ?? null) === mark.minutesAbsent;
    if (stored.code !== code || (!sameMinutes && input.periodId !== null)) {
      writes.push({ studentId: mark.studentId, code, minutesAbsent: mark.minutesAbsent });
    }
    if (effectiveOld !== code) changes.push({ studentId: mark.studentId, oldCode: stored.code, newCode: code });
  }
  if (writes.length > 0) {
    if (input.periodId !== null) {
      // One array per column rather than a row of parameters per student: shorter to parse, and the
      // same statement for every class.
      await sql`insert into period_attendance (district_id, section_id, student_id, day, period_id, code, minutes_absent, recorded_by, source)
        select ${input.districtId}::bigint, ${input.sectionId}::bigint, student_id, ${input.day}::date, ${input.periodId}::bigint, code, minutes_absent, ${input.recordedBy}::bigint, ${input.source}::text
        from unnest(${writes.map((w) => w.studentId)}::bigint[], ${writes.map((w) => w.code)}::text[], ${writes.map((w) => w.minutesAbsent)}::smallint[]) as w (student_id, code, minutes_absent)
        on conflict (district_id, section_id, student_id, day, period_id) do update set
          code = excluded.code, minutes_absent = excluded.minutes_absent, recorded_by = excluded.recorded_by, recorded_at = now(), source = excluded.source,
          version = period_attendance.version + case when period_attendance.code <> excluded.code then 1 else 0 end`.execute(trx);
    } else {
      await trx
        .insertInto('daily_attendance')
        .values(
          writes.map((w) => {
            const day = dayFromCode(w.code, codes);
            return {
              district_id: input.districtId,
              student_id: w.studentId,
              day: input.day,
              school_id: input.schoolId,
              status: day.status,
              code: w.code,
              periods_absent: day.periodsAbsent,
              periods_scheduled: day.periodsScheduled,
              derived: false,
              source: input.source,
            };
          }),
        )
        .onConflict((oc) =>
          oc.columns(['district_id', 'student_id', 'day']).doUpdateSet({
            school_id: sql`excluded.school_id`,
            status: sql`excluded.status`,
            code: sql`excluded.code`,
            periods_absent: sql`excluded.periods_absent`,
            periods_scheduled: sql`excluded.periods_scheduled`,
            derived: false,
            source: sql`excluded.source`,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    }
  }
  if (changes.length > 0) {
    await trx
      .insertInto('attendance_change')
      .values(
        changes.map((c) => ({
          district_id: input.districtId,
          student_id: c.studentId,
          day: input.day,
          section_id: input.sectionId,
          period_id: input.periodId,
          old_code: c.oldCode,
          new_code: c.newCode,
          source: input.source,
          reason: input.reason,
          changed_by: input.recordedBy,
        })),
      )
      .execute();
    if (input.periodId !== null) {
      await recomputeDailyAttendance(trx, { districtId: input.districtId, schoolId: input.schoolId, day: input.day, studentIds: changes.map((c) => c.studentId), codes, ...(input.rules ? { rules: input.rules } : {}) });
    }
  }
  return changes;
}

/**
 * Derives the day of each student from their periods (secondary schools): every section meeting
 * they were on the roster of that day, with the code stored for it (present when none). A day a
 * clerk recorded directly is left as the clerk recorded it.
 */
export async function recomputeDailyAttendance(
  trx: Transaction<Database>,
  input: { districtId: number; schoolId: number; day: string; studentIds: readonly number[]; codes: AttendanceCodeTable; rules?: Pick<AttendanceRules, 'fullDayAbsentPeriods'> },
): Promise<void> {
  if (input.studentIds.length === 0) return;
  const rules = input.rules ?? (await trx.selectFrom('attendance_rule').select('full_day_absent_periods as fullDayAbsentPeriods').where('district_id', '=', input.districtId).executeTakeFirst()) ?? { fullDayAbsentPeriods: null };
  // Two teachers saving different periods of the same student at once must not each derive the
  // day from only their own period: the student's day row is locked first (created if missing, in student order), so
  // the second waits, and then reads the periods as the first committed them.
  const studentIds = [...new Set(input.studentIds)].sort((a, b) => a - b);
  await trx
    .insertInto('daily_attendance')
    .values(studentIds.map((studentId) => ({ district_id: input.districtId, student_id: studentId, day: input.day, school_id: input.schoolId, status: 'present', code: null, periods_absent: 0, periods_scheduled: 0, derived: true, source: 'derived' })))
    // A no-op update: it takes the row lock in the same statement that creates a missing row.
    .onConflict((oc) => oc.columns(['district_id', 'student_id', 'day']).doUpdateSet({ updated_at: sql`daily_attendance.updated_at` }))
    .execute();
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
    where r.district_id = ${input.districtId} and r.student_id in (${sql.join(studentIds)})
      and r.start_date <= ${input.day}::date and (r.end_date is null or r.end_date > ${input.day}::date)
    order by r.student_id, p.sort_order`.execute(trx);
  const periods = new Map<number, string[]>();
  for (const row of rows) {
    const list = periods.get(row.student_id) ?? [];
    list.push(row.code ?? input.codes.presentCode);
    periods.set(row.student_id, list);
  }
  const values = [...periods].map(([studentId, codes]) => {
    const day = rollUpDay(codes, input.codes, rules);
    return {
      district_id: input.districtId,
      student_id: studentId,
      day: input.day,
      school_id: input.schoolId,
      status: day.status,
      code: day.code,
      periods_absent: day.periodsAbsent,
      periods_scheduled: day.periodsScheduled,
      derived: true,
      source: 'derived',
    };
  });
  if (values.length === 0) return;
  await trx
    .insertInto('daily_attendance')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['district_id', 'student_id', 'day'])
        .doUpdateSet({
          school_id: sql`excluded.school_id`,
          status: sql`excluded.status`,
          code: sql`excluded.code`,
          periods_absent: sql`excluded.periods_absent`,
          periods_scheduled: sql`excluded.periods_scheduled`,
          updated_at: sql`now()`,
        })
        .where('daily_attendance.derived', '=', true),
    )
    .execute();
}
