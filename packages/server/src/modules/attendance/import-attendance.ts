import { createHash } from 'node:crypto';
import { isIsoDate, weekdayLetter, type AttendanceCodeTable } from '@homeroom/core/attendance/index';
import type { Kysely, Transaction } from 'kysely';
import { writeAuditForStudents, writeOperatorAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { schoolsWhere, type Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { districtToday } from '../../clock.ts';
import { loadCodeTable } from './attendance.repository.ts';
import { writeSectionMarks, type StoredMark } from './attendance-marks.repository.ts';
import {
  calendarDaysOf, districtForImport, lockSectionForMarks, recordImportedTaking, rosterSpans, schoolsOfDistrict, schoolYearsOfDistrict, sectionMeetings, sectionsByCode,
  storedDayMarks, storedMeetingMarks, studentIdsByLocalId,
} from './import-attendance.repository.ts';

/** One problem in an import file, where a person would look for it: the row as a spreadsheet numbers it, and the column. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface AttendanceImportResult {
  dryRun: boolean;
  /** Data rows read (the header is row 1). */
  rows: number;
  /** Class meetings (or elementary days) the file records. */
  meetings: number;
  /** Codes that change (or would change, in a dry run). */
  changes: number;
  /** Students whose attendance the file touches. */
  students: number;
  problems: ImportProblem[];
}

const REQUIRED = ['school_code', 'section_code', 'date', 'student_local_id', 'code'] as const;
const OPTIONAL = ['period', 'minutes_absent'] as const;

/** A CSV file as rows of fields: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface ParsedRow {
  row: number;
  schoolId: number;
  sectionId: number;
  attendanceMode: 'period' | 'daily';
  date: string;
  studentId: number;
  code: string;
  periodId: number | null;
  minutesAbsent: number | null;
}

class DryRun extends Error {}

/** An import sent by a person (the web app), not an operator's command: only their schools, and the audit names them. */
export interface ImportedBy {
  actor: Actor;
  origin: RequestOrigin;
}

/**
 * Attendance taken on paper, from a CSV file (school_code, section_code, date, student_local_id,
 * code, and optionally period and minutes_absent). Every row is checked before anything is written
 * and every problem is reported by row and column; then the whole file is applied in one
 * transaction, or none of it. A dry run does the same work and rolls it back, so the changes it
 * reports are exactly those a real run makes. Importing the same file twice changes nothing the
 * second time. Students not in the file keep what they have.
 */
export async function importAttendance(db: Kysely<Database>, input: { csv: string; dryRun: boolean; districtCode?: string; fileName?: string; by?: ImportedBy }): Promise<AttendanceImportResult> {
  const fileHash = createHash('sha256').update(input.csv).digest('hex').slice(0, 16);
  const result = (problems: ImportProblem[], rows = 0): AttendanceImportResult => ({ dryRun: input.dryRun, rows, meetings: 0, changes: 0, students: 0, problems });
  const district = input.by ? { id: input.by.actor.districtId } : await districtForImport(db, input.districtCode);
  if (!district) return result([{ row: 0, column: '', message: input.districtCode ? `no district with code ${input.districtCode}` : 'the database holds no district' }]);
  const districtId = district.id;

  const table = parseCsv(input.csv).filter((r) => r.some((f) => f.trim() !== ''));
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  for (const column of REQUIRED) if (!header.includes(column)) problems.push({ row: 1, column, message: `the header has no column ${column}` });
  header.forEach((h) => {
    if (!(REQUIRED as readonly string[]).includes(h) && !(OPTIONAL as readonly string[]).includes(h)) problems.push({ row: 1, column: h, message: `unknown column "${h}"; the columns are ${[...REQUIRED, ...OPTIONAL].join(', ')}` });
  });
  if (problems.length) return result(problems, Math.max(0, table.length - 1));
  const records = table.slice(1).map((fields, i) => ({ row: i + 2, get: (column: string) => (fields[header.indexOf(column)] ?? '').trim(), width: fields.length }));
  if (records.length === 0) return result([{ row: 2, column: '', message: 'the file has no rows after the header' }]);

  const codes = await loadCodeTable(db, districtId);
  // The command line has no actor: it asks the district (and the system clock) what day it is.
  const today = input.by ? input.by.actor.today : await districtToday(db, districtId);
  const schools = new Map((await schoolsOfDistrict(db, districtId)).map((s) => [s.code, s]));
  const years = await schoolYearsOfDistrict(db, districtId);
  const schoolIds = [...new Set(records.map((r) => schools.get(r.get('school_code'))?.id).filter((id): id is number => id !== undefined))];
  const sectionCodes = [...new Set(records.map((r) => r.get('section_code')))];
  const sections = await sectionsByCode(db, districtId, schoolIds, sectionCodes);
  const dates = [...new Set(records.map((r) => r.get('date')).filter(isIsoDate))].sort();
  const calendar = new Map((await calendarDaysOf(db, districtId, schoolIds, dates)).map((c) => [`${c.school_id}:${c.day}`, c]));
  const localIds = [...new Set(records.map((r) => r.get('student_local_id')))];
  const students = await studentIdsByLocalId(db, districtId, localIds);
  const sectionIds = sections.map((s) => s.id);
  const rosters = dates.length ? await rosterSpans(db, districtId, sectionIds, dates[0]!, dates.at(-1)!) : [];
  const meetings = await sectionMeetings(db, districtId, sectionIds);

  const importers = input.by ? schoolsWhere(input.by.actor, 'district-admin', 'school-admin', 'attendance-clerk') : 'all';
  const mayImportAt = (schoolId: number) => importers === 'all' || importers.includes(schoolId);
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ row: r.row, column, message });
    if (r.width > header.length) problem('', `the row has ${r.width} fields; the header has ${header.length}`);
    const known = schools.get(r.get('school_code'));
    const school = known && mayImportAt(known.id) ? known : undefined;
    if (!known) problem('school_code', r.get('school_code') ? `no school with code "${r.get('school_code')}"` : 'is empty');
    else if (!school) problem('school_code', `you do not keep attendance for ${known.name}; its own office imports it`);
    const date = r.get('date');
    const dateOk = isIsoDate(date);
    if (!dateOk) problem('date', `"${date}" is not a date written YYYY-MM-DD`);
    else if (school) {
      const day = calendar.get(`${school.id}:${date}`);
      if (!day?.is_instructional) problem('date', `no school at ${school.name} on ${date}${day ? `: ${day.note ?? day.day_type}` : ' (not on its calendar)'}`);
      else if (date > today) problem('date', `${date} has not happened yet`);
    }
    const year = dateOk ? years.find((y) => y.start_date <= date && date <= y.end_date) : undefined;
    const section = school && year ? sections.find((s) => s.school_id === school.id && s.school_year_id === year.id && s.code === r.get('section_code')) : undefined;
    if (school && dateOk && !section) problem('section_code', `no section "${r.get('section_code')}" at ${school.name} in the school year of ${date}`);
    const localId = r.get('student_local_id');
    const studentId = students.get(localId);
    const onRoster = (sectionId: number) => rosters.some((x) => x.section_id === sectionId && x.student_id === studentId && x.start_date <= date && (x.end_date === null || x.end_date > date));
    if (localId === '') problem('student_local_id', 'is empty');
    else if (input.by) {
      // A person hears only whether the student is on a roster of theirs: whether the id belongs to
      // someone elsewhere in the district is not theirs to learn. A row without a section has a problem already.
      if (section && dateOk && (studentId === undefined || !onRoster(section.id))) problem('student_local_id', `student ${localId} was not on the roster of ${section.code} on ${date}`);
    } else if (studentId === undefined) problem('student_local_id', `no student with ID "${localId}"`);
    else if (section && dateOk && !onRoster(section.id)) problem('student_local_id', `student ${localId} was not on the roster of ${section.code} on ${date}`);
    const code = r.get('code');
    if (!codes.has(code)) problem('code', `"${code}" is not an attendance code; the codes are ${codes.codes.map((c) => c.code).join(', ')}`);
    let minutesAbsent: number | null = null;
    const minutes = r.get('minutes_absent');
    if (minutes !== '') {
      if (!/^\d{1,3}$/.test(minutes) || Number(minutes) > 600) problem('minutes_absent', `"${minutes}" is not a number of minutes from 0 to 600`);
      else minutesAbsent = Number(minutes);
    }
    let periodId: number | null = null;
    const mode = (school?.attendance_mode ?? 'period') as 'period' | 'daily';
    if (section && dateOk && mode === 'period') {
      const onDay = meetings.filter((m) => m.section_id === section.id && m.start_date <= date && date <= m.end_date && m.days.includes(weekdayLetter(date)));
      const named = r.get('period');
      const match = named ? onDay.find((m) => m.period_code === named) : onDay.length === 1 ? onDay[0] : undefined;
      if (match) periodId = match.period_id;
      else if (named) problem('period', `${section.code} does not meet in ${named} on ${date}${onDay.length ? `; it meets in ${onDay.map((m) => m.period_code).join(', ')}` : ''}`);
      else if (onDay.length === 0) problem('date', `${section.code} does not meet on ${date}`);
      else problem('period', `${section.code} meets more than once on ${date}: say which period (${onDay.map((m) => m.period_code).join(', ')})`);
    }
    if (problems.length > before || !school || !section || studentId === undefined) continue;
    const key = `${section.id}:${date}:${periodId}:${studentId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem('student_local_id', `the same student and class meeting is already on row ${first}`);
      continue;
    }
    seen.set(key, r.row);
    parsed.push({ row: r.row, schoolId: school.id, sectionId: section.id, attendanceMode: mode, date, studentId, code, periodId, minutesAbsent });
  }
  if (problems.length) return result(problems, records.length);

  try {
    return await db.transaction().execute(async (trx) => {
      const applied = await applyRows(trx, districtId, parsed, codes, fileHash, input.fileName ?? null, input.by);
      const summary: AttendanceImportResult = { dryRun: input.dryRun, rows: records.length, ...applied, problems: [] };
      if (input.dryRun) throw Object.assign(new DryRun(), { summary });
      return summary;
    });
  } catch (error) {
    if (error instanceof DryRun) return (error as DryRun & { summary: AttendanceImportResult }).summary;
    throw error;
  }
}

async function applyRows(trx: Transaction<Database>, districtId: number, rows: ParsedRow[], codes: AttendanceCodeTable, fileHash: string, fileName: string | null, by: ImportedBy | undefined) {
  const groups = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    const key = `${row.sectionId}:${row.date}:${row.periodId ?? 'day'}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  let changes = 0;
  const touched = new Set<number>();
  for (const [key, group] of groups) {
    const { sectionId, schoolId, date, periodId } = group[0]!;
    await lockSectionForMarks(trx, districtId, sectionId);
    const studentIds = group.map((g) => g.studentId);
    const stored = new Map<number, StoredMark & { minutesAbsent: number | null }>();
    if (periodId !== null) {
      const rowsStored = await storedMeetingMarks(trx, districtId, sectionId, date, periodId, studentIds);
      for (const s of rowsStored) stored.set(s.student_id, { studentId: s.student_id, code: s.code, source: s.source, minutesAbsent: s.minutes_absent });
    } else {
      const rowsStored = await storedDayMarks(trx, districtId, date, studentIds);
      for (const s of rowsStored) stored.set(s.student_id, { studentId: s.student_id, code: s.code, source: s.source, minutesAbsent: null });
    }
    const changed = await writeSectionMarks(trx, {
      districtId,
      sectionId,
      schoolId,
      day: date,
      periodId,
      stored,
      desired: group.map((g) => ({ studentId: g.studentId, code: g.code, minutesAbsent: g.minutesAbsent })),
      source: 'import',
      recordedBy: by?.actor.staffId ?? null,
      reason: fileName ? `imported from ${fileName}` : 'imported from a file',
      codes,
    });
    changes += changed.length;
    for (const id of studentIds) touched.add(id);
    await recordImportedTaking(trx, {
      districtId, sectionId, day: date, periodId, takenBy: by?.actor.staffId ?? null, idempotencyKey: `import:${fileHash}:${key}`, result: { sectionId, date, students: group.length, changed: changed.length },
    });
  }
  const ids = [...touched];
  const reason = fileName ? `imported from ${fileName}` : 'attendance import';
  if (by) {
    await writeAuditForStudents(trx, by.actor, by.origin, { action: 'import', entity: 'attendance', reason, details: { file: fileHash } }, ids);
    return { meetings: groups.size, changes, students: touched.size };
  }
  // From the command line the audit trail names the import, not a person: it is an operator's
  // command. One event, so one row naming its students, as writeAuditForStudents writes them.
  await writeOperatorAuditForStudents(trx, districtId, { action: 'import', entity: 'attendance', reason, details: { file: fileHash } }, ids);
  return { meetings: groups.size, changes, students: touched.size };
}
