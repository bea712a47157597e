// The district import's SQL. Every function takes the transaction handle: the whole import is one
// transaction, so a crash or a kill in the middle leaves the database as it was.
import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Trx = Transaction<Database>;

/** The tables the import writes rows of, each keyed by (district_id, id). */
export type ImportedTable = 'school' | 'school_year' | 'term' | 'grading_period' | 'course' | 'section' | 'student' | 'staff' | 'guardian'
  | 'section_roster' | 'period' | 'enrollment' | 'staff_assignment';

export interface OneRosterRecordRow {
  kind: string;
  sourced_id: string;
  record_type: string;
  record_id: number | null;
  record_key: string | null;
  content_hash: string;
  ended_on: string | null;
}

export async function listDistricts(trx: Trx): Promise<{ id: number; code: string }[]> {
  return trx.selectFrom('district').select(['id', 'code']).orderBy('id').execute();
}

export async function districtOfSourcedId(trx: Trx, sourcedId: string): Promise<number | null> {
  const row = await trx.selectFrom('oneroster_record').select('district_id').where('kind', '=', 'orgs').where('sourced_id', '=', sourcedId).where('record_type', '=', 'district').executeTakeFirst();
  return row ? Number(row.district_id) : null;
}

export async function insertDistrict(trx: Trx, values: { code: string; name: string }): Promise<number> {
  const row = await trx.insertInto('district').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateDistrict(trx: Trx, id: number, values: { code: string; name: string }): Promise<void> {
  await trx.updateTable('district').set(values).where('id', '=', id).execute();
}

export async function loadOneRosterRecords(trx: Trx, districtId: number): Promise<OneRosterRecordRow[]> {
  const rows = await trx.selectFrom('oneroster_record').select(['kind', 'sourced_id', 'record_type', 'record_id', 'record_key', 'content_hash', 'ended_on'])
    .where('district_id', '=', districtId).execute();
  return rows.map((r) => ({ ...r, record_id: r.record_id === null ? null : Number(r.record_id) }));
}

export async function saveOneRosterRecords(trx: Trx, districtId: number, rows: OneRosterRecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000).map((r) => ({ district_id: districtId, ...r }));
    await trx.insertInto('oneroster_record').values(batch)
      .onConflict((oc) => oc.columns(['district_id', 'kind', 'sourced_id']).doUpdateSet({
        record_type: (eb) => eb.ref('excluded.record_type'), record_id: (eb) => eb.ref('excluded.record_id'), record_key: (eb) => eb.ref('excluded.record_key'),
        content_hash: (eb) => eb.ref('excluded.content_hash'), ended_on: (eb) => eb.ref('excluded.ended_on'), imported_at: sql`now()`,
      }))
      .execute();
  }
}

/** Inserts one row of a district's table and returns its id. */
export async function insertRecord<T extends ImportedTable>(trx: Trx, table: T, values: Insertable<Database[T]>): Promise<number> {
  const row = await trx.insertInto(table).values(values as never).returning('id' as never).executeTakeFirstOrThrow();
  return Number((row as unknown as { id: number }).id);
}

export async function updateRecord<T extends ImportedTable>(trx: Trx, table: T, districtId: number, id: number, values: Updateable<Database[T]>): Promise<void> {
  // Kysely's per-table overloads do not unify over a union of tables; the values are typed above.
  type Where = { where(column: string, op: '=', value: number): Where; execute(): Promise<unknown> };
  const query = trx.updateTable(table) as unknown as { set(values: unknown): Where };
  await query.set(values).where('district_id', '=', districtId).where('id', '=', id).execute();
}

/** A record the district already has under its own code (a school code, a student ID), so an
 * import over a district loaded another way adopts it instead of colliding with it. */
export async function findByCode(trx: Trx, table: 'school' | 'course' | 'student' | 'staff', districtId: number, code: string): Promise<number | null> {
  const column = table === 'student' || table === 'staff' ? 'local_id' : 'code';
  const row = await trx.selectFrom(table).select('id').where('district_id', '=', districtId).where(column as never, '=', code as never).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function findSchoolYear(trx: Trx, districtId: number, name: string): Promise<number | null> {
  const row = await trx.selectFrom('school_year').select('id').where('district_id', '=', districtId).where('name', '=', name).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function findTerm(trx: Trx, districtId: number, schoolYearId: number, code: string): Promise<number | null> {
  const row = await trx.selectFrom('term').select('id').where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).where('code', '=', code).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function findOrCreatePeriod(trx: Trx, districtId: number, schoolId: number, code: string, sortOrder: number): Promise<number> {
  const row = await trx.selectFrom('period').select('id').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('code', '=', code).executeTakeFirst();
  if (row) return Number(row.id);
  return insertRecord(trx, 'period', { district_id: districtId, school_id: schoolId, code, name: `Period ${code}`, sort_order: sortOrder });
}

/** A class's meetings: replaced as a whole, since a class's meetings are its placement. */
export async function replaceSectionMeetings(trx: Trx, districtId: number, sectionId: number, meetings: { termId: number; periodId: number }[]): Promise<void> {
  await trx.deleteFrom('section_meeting').where('district_id', '=', districtId).where('section_id', '=', sectionId).execute();
  if (meetings.length) {
    await trx.insertInto('section_meeting').values(meetings.map((m) => ({ district_id: districtId, section_id: sectionId, term_id: m.termId, period_id: m.periodId }))).execute();
  }
}

export async function insertSectionTeacher(trx: Trx, values: { district_id: number; section_id: number; staff_id: number; role: string; start_date: string; end_date: string | null }): Promise<void> {
  await trx.insertInto('section_teacher').values(values).execute();
}

export async function updateSectionTeacherEnd(trx: Trx, districtId: number, sectionId: number, staffId: number, startDate: string, endDate: string | null, role?: string): Promise<void> {
  await trx.updateTable('section_teacher').set({ end_date: endDate, ...(role ? { role } : {}) })
    .where('district_id', '=', districtId).where('section_id', '=', sectionId).where('staff_id', '=', staffId).where('start_date', '=', startDate).execute();
}

export async function linkGuardian(trx: Trx, districtId: number, studentId: number, guardianId: number, relationship: string): Promise<void> {
  await trx.insertInto('student_guardian').values({ district_id: districtId, student_id: studentId, guardian_id: guardianId, relationship })
    .onConflict((oc) => oc.columns(['district_id', 'student_id', 'guardian_id']).doNothing()).execute();
}

export async function endSectionRoster(trx: Trx, districtId: number, id: number, endDate: string): Promise<void> {
  await trx.updateTable('section_roster').set({ end_date: endDate }).where('district_id', '=', districtId).where('id', '=', id)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', endDate)])).execute();
}

export async function closeSection(trx: Trx, districtId: number, id: number, day: string): Promise<void> {
  await trx.updateTable('section').set({ closed_on: day }).where('district_id', '=', districtId).where('id', '=', id).where('closed_on', 'is', null).execute();
}

export async function deactivateStaff(trx: Trx, districtId: number, id: number): Promise<void> {
  await trx.updateTable('staff').set({ active: false }).where('district_id', '=', districtId).where('id', '=', id).execute();
}

/** A student no longer listed leaves: their open school enrollments are exited. */
export async function exitStudentEnrollments(trx: Trx, districtId: number, studentId: number, day: string): Promise<void> {
  await trx.updateTable('enrollment').set({ exit_date: day, exit_code: 'import-ended' })
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('exit_date', 'is', null).where('entry_date', '<=', day).execute();
}

export async function endStaffAssignment(trx: Trx, districtId: number, id: number, day: string): Promise<void> {
  await trx.updateTable('staff_assignment').set({ end_date: day }).where('district_id', '=', districtId).where('id', '=', id).where('end_date', 'is', null).execute();
}

/** The student's current historical marks, in the order they were imported. */
export async function historicalMarks(trx: Trx, districtId: number, studentId: number): Promise<{ id: number }[]> {
  const rows = await trx.selectFrom('transcript_entry as e').select('e.id')
    .where('e.district_id', '=', districtId).where('e.student_id', '=', studentId).where('e.source', 'in', ['historical', 'correction'])
    .where(sql<boolean>`not exists (select 1 from transcript_entry c where c.district_id = e.district_id and c.supersedes_id = e.id)`)
    .orderBy('e.id').execute();
  return rows.map((r) => ({ id: Number(r.id) }));
}

export async function insertTranscriptEntries(trx: Trx, rows: Insertable<Database['transcript_entry']>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('transcript_entry').values(rows.slice(i, i + 1000)).execute();
}

export async function upsertStudentProgram(trx: Trx, values: { district_id: number; student_id: number; program: string; begin_date: string; end_date: string | null }): Promise<void> {
  await trx.insertInto('student_program').values(values)
    .onConflict((oc) => oc.columns(['district_id', 'student_id', 'program', 'begin_date']).doUpdateSet({ end_date: values.end_date })).execute();
}

export async function setStudentFlags(trx: Trx, districtId: number, studentId: number, flags: Updateable<Database['student']>): Promise<void> {
  await trx.updateTable('student').set(flags).where('district_id', '=', districtId).where('id', '=', studentId).execute();
}

export async function upsertLegacyFigure(trx: Trx, values: Insertable<Database['legacy_figure']>): Promise<void> {
  const { district_id: _d, student_id: _s, ...rest } = values;
  await trx.insertInto('legacy_figure').values(values).onConflict((oc) => oc.columns(['district_id', 'student_id']).doUpdateSet(rest)).execute();
}

export async function recordImportRun(trx: Trx, values: Insertable<Database['district_import']>): Promise<number> {
  const row = await trx.insertInto('district_import').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function listSchoolYears(trx: Trx, districtId: number): Promise<{ id: number; name: string; start_date: string; end_date: string }[]> {
  const rows = await trx.selectFrom('school_year').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).orderBy('start_date').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function termsOfYear(trx: Trx, districtId: number, schoolYearId: number): Promise<{ id: number; code: string; start_date: string; end_date: string }[]> {
  const rows = await trx.selectFrom('term').select(['id', 'code', 'start_date', 'end_date']).where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).orderBy('start_date').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function termById(trx: Trx, districtId: number, termId: number): Promise<{ id: number; school_year_id: number; start_date: string; end_date: string } | null> {
  const row = await trx.selectFrom('term').select(['id', 'school_year_id', 'start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', termId).executeTakeFirst();
  return row ? { ...row, id: Number(row.id), school_year_id: Number(row.school_year_id) } : null;
}

export async function schoolYearById(trx: Trx, districtId: number, id: number): Promise<{ id: number; start_date: string; end_date: string } | null> {
  const row = await trx.selectFrom('school_year').select(['id', 'start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : null;
}

export async function sectionSchoolYear(trx: Trx, districtId: number, sectionId: number): Promise<number> {
  const row = await trx.selectFrom('section').select('school_year_id').where('district_id', '=', districtId).where('id', '=', sectionId).executeTakeFirstOrThrow();
  return Number(row.school_year_id);
}

/** A transaction-scoped lock: imports run one after the other, whatever process started them. */
export async function waitForOtherImports(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('homeroom.district-import'))`.execute(trx);
}

/** Inserts rows of one table and returns their ids in the order of the rows (PostgreSQL returns
 * the rows of an INSERT … VALUES in the order they were given). */
export async function insertRecords(trx: Trx, table: ImportedTable, values: object[]): Promise<number[]> {
  const ids: number[] = [];
  // Few enough rows per statement to stay under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await trx.insertInto(table).values(values.slice(i, i + 1000) as never).returning('id' as never).execute();
    for (const row of rows as unknown as { id: number }[]) ids.push(Number(row.id));
  }
  return ids;
}

/** The district's students or staff by their district ID. */
export async function idsByLocalId(trx: Trx, table: 'student' | 'staff', districtId: number): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'local_id']).where('district_id', '=', districtId).execute();
  return new Map(rows.map((r) => [r.local_id, Number(r.id)]));
}
