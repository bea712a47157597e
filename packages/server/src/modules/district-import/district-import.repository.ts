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

export async function updateDistrictName(trx: Trx, id: number, name: string): Promise<void> {
  await trx.updateTable('district').set({ name }).where('id', '=', id).execute();
}

/** A page of the district's mapping rows of one file (kind), in sourcedId order after `after`: a
 * district's hundreds of thousands of users are read a page at a time, not as one result (which
 * the driver holds whole, twice, while it is turned into rows). */
export async function oneRosterRecordsPage(trx: Trx, districtId: number, kind: string, after: string, limit: number): Promise<OneRosterRecordRow[]> {
  const rows = await trx.selectFrom('oneroster_record').select(['kind', 'sourced_id', 'record_type', 'record_id', 'record_key', 'content_hash', 'ended_on'])
    .where('district_id', '=', districtId).where('kind', '=', kind).where('sourced_id', '>', after).orderBy('sourced_id').limit(limit).execute();
  return rows.map((r) => ({ ...r, record_id: r.record_id === null ? null : Number(r.record_id) }));
}

/** The mapping rows of some records of one file: the rows of a file being read, a batch at a time, so
 * that the millions of mapping rows of a district's roles and enrollments are never all held. */
export async function oneRosterRecordsOf(trx: Trx, districtId: number, kind: string, sourcedIds: readonly string[]): Promise<OneRosterRecordRow[]> {
  if (sourcedIds.length === 0) return [];
  const rows = await trx.selectFrom('oneroster_record').select(['kind', 'sourced_id', 'record_type', 'record_id', 'record_key', 'content_hash', 'ended_on'])
    .where('district_id', '=', districtId).where('kind', '=', kind)
    // One array parameter, not an IN list of 5,000: PostgreSQL parsed and planned each list anew, most
    // of what a second import's unchanged enrollments cost.
    .where('sourced_id', '=', sql<string>`any(${sourcedIds}::text[])`).execute();
  return rows.map((r) => ({ ...r, record_id: r.record_id === null ? null : Number(r.record_id) }));
}

export async function hasOneRosterRecords(trx: Trx, districtId: number, kind: string): Promise<boolean> {
  const row = await trx.selectFrom('oneroster_record').select('sourced_id').where('district_id', '=', districtId).where('kind', '=', kind).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A page of the sourcedIds of a file's records not ended, in order, after `after`. */
export async function unendedSourcedIds(trx: Trx, districtId: number, kind: string, after: string, limit: number): Promise<string[]> {
  const rows = await trx.selectFrom('oneroster_record').select('sourced_id').where('district_id', '=', districtId).where('kind', '=', kind)
    .where('ended_on', 'is', null).where('sourced_id', '>', after).orderBy('sourced_id').limit(limit).execute();
  return rows.map((r) => r.sourced_id);
}

/** The rows of a batch as one JSON parameter, a SELECT of the given columns: one statement (and one
 * parameter to build and to parse) per batch, where a VALUES list costs a parameter per field. */
function selectFromJson(table: string, columns: readonly string[], rows: readonly object[]) {
  return sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)`;
}

/** Rows of a batch grouped by the columns they give: a column a row leaves out takes its default,
 * which a JSON null would not. */
function byColumns(rows: readonly object[]): Map<string, { columns: string[]; rows: object[] }> {
  const groups = new Map<string, { columns: string[]; rows: object[] }>();
  for (const row of rows) {
    const columns = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    const signature = columns.join(',');
    let group = groups.get(signature);
    if (!group) groups.set(signature, (group = { columns, rows: [] }));
    group.rows.push(row);
  }
  return groups;
}

/** Rows per statement: large enough that round trips do not count, small enough to keep each JSON
 * parameter a few megabytes. */
const ROWS_PER_STATEMENT = 5000;

type Conflict = { columns: readonly string[]; update: readonly string[] | 'nothing' };

/** Inserts rows of a table (ids given, from `reserveIds`, or the table's own), a batch per statement. */
export async function insertRows(trx: Trx, table: string, rows: readonly object[], conflict?: Conflict): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    for (const group of byColumns(rows.slice(i, i + ROWS_PER_STATEMENT)).values()) {
      const columns = sql.join(group.columns.map((c) => sql.ref(c)));
      const overriding = group.columns.includes('id') ? sql`overriding system value` : sql``;
      const onConflict = !conflict ? sql``
        : conflict.update === 'nothing' ? sql`on conflict (${sql.join(conflict.columns.map((c) => sql.ref(c)))}) do nothing`
        : sql`on conflict (${sql.join(conflict.columns.map((c) => sql.ref(c)))}) do update set ${sql.join(conflict.update.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))}`;
      await sql`insert into ${sql.table(table)} (${columns}) ${overriding} ${selectFromJson(table, group.columns, group.rows)} ${onConflict}`.execute(trx);
    }
  }
}

/** Ids for rows about to be inserted, from the table's own sequence: the import knows each new
 * record's id before its batch is written, whatever order the database writes the batch in. */
export async function reserveIds(trx: Trx, table: ImportedTable, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count}::int)`.execute(trx);
  return rows.map((r) => Number(r.id));
}

/** Mapping rows of records this import created: a plain insert, cheaper than an upsert. */
export async function insertOneRosterRecords(trx: Trx, districtId: number, rows: readonly OneRosterRecordRow[]): Promise<void> {
  await insertRows(trx, 'oneroster_record', rows.map((r) => ({ district_id: districtId, ...r })));
}

export async function saveOneRosterRecords(trx: Trx, districtId: number, rows: readonly OneRosterRecordRow[]): Promise<void> {
  await insertRows(trx, 'oneroster_record', rows.map((r) => ({ district_id: districtId, ...r })), {
    columns: ['district_id', 'kind', 'sourced_id'], update: ['record_type', 'record_id', 'record_key', 'content_hash', 'ended_on', 'imported_at'],
  });
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

/** A record the district already has under its own code (a school code, a student ID). */
export async function findByCode(trx: Trx, table: 'school' | 'course' | 'student' | 'staff', districtId: number, code: string): Promise<number | null> {
  const column = table === 'student' || table === 'staff' ? 'local_id' : 'code';
  const row = await trx.selectFrom(table).select('id').where('district_id', '=', districtId).where(column as never, '=', code as never).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The district's schools or courses by their code, so an import over a district loaded another way
 * adopts a record it already has instead of colliding with it. */
export async function idsByCode(trx: Trx, table: 'school' | 'course', districtId: number): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'code']).where('district_id', '=', districtId).execute();
  return new Map(rows.map((r) => [r.code, Number(r.id)]));
}

export async function findSchoolYear(trx: Trx, districtId: number, name: string): Promise<number | null> {
  const row = await trx.selectFrom('school_year').select('id').where('district_id', '=', districtId).where('name', '=', name).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function findTerm(trx: Trx, districtId: number, schoolYearId: number, code: string): Promise<number | null> {
  const row = await trx.selectFrom('term').select('id').where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).where('code', '=', code).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function listPeriods(trx: Trx, districtId: number): Promise<{ id: number; school_id: number; code: string }[]> {
  const rows = await trx.selectFrom('period').select(['id', 'school_id', 'code']).where('district_id', '=', districtId).execute();
  return rows.map((r) => ({ id: Number(r.id), school_id: Number(r.school_id), code: r.code }));
}

export async function deleteSectionMeetings(trx: Trx, districtId: number, sectionId: number): Promise<void> {
  await trx.deleteFrom('section_meeting').where('district_id', '=', districtId).where('section_id', '=', sectionId).execute();
}

export async function updateSectionTeacherEnd(trx: Trx, districtId: number, sectionId: number, staffId: number, startDate: string, endDate: string | null, role?: string): Promise<void> {
  await trx.updateTable('section_teacher').set({ end_date: endDate, ...(role ? { role } : {}) })
    .where('district_id', '=', districtId).where('section_id', '=', sectionId).where('staff_id', '=', staffId).where('start_date', '=', startDate).execute();
}

export async function linkGuardians(trx: Trx, districtId: number, links: { studentId: number; guardianId: number; relationship: string }[]): Promise<void> {
  await insertRows(trx, 'student_guardian', links.map((l) => ({ district_id: districtId, student_id: l.studentId, guardian_id: l.guardianId, relationship: l.relationship })), {
    columns: ['district_id', 'student_id', 'guardian_id'], update: 'nothing',
  });
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
  await insertRows(trx, 'transcript_entry', rows);
}

export type StudentProgram = { district_id: number; student_id: number; program: string; begin_date: string; end_date: string | null };

export async function upsertStudentPrograms(trx: Trx, rows: StudentProgram[]): Promise<void> {
  // One statement may not update a row twice: the last spell given for a key wins, as it did row by row.
  const last = new Map(rows.map((r) => [`${r.student_id}|${r.program}|${r.begin_date}`, r]));
  await insertRows(trx, 'student_program', [...last.values()], { columns: ['district_id', 'student_id', 'program', 'begin_date'], update: ['end_date'] });
}

export type StudentFlags = { id: number; el_status: string | null; iep: boolean; section_504: boolean; gifted: boolean; foster: boolean; homeless: boolean; low_income: boolean };

/** Students' program flags; `el_status` null leaves the student's as it is (only an open EL spell sets it). */
export async function setStudentFlags(trx: Trx, districtId: number, flags: StudentFlags[]): Promise<void> {
  for (let i = 0; i < flags.length; i += ROWS_PER_STATEMENT) {
    await sql`update student s set el_status = coalesce(f.el_status, s.el_status), iep = f.iep, section_504 = f.section_504, gifted = f.gifted,
        foster = f.foster, homeless = f.homeless, low_income = f.low_income
      from json_to_recordset(${JSON.stringify(flags.slice(i, i + ROWS_PER_STATEMENT))}::json)
        as f(id bigint, el_status text, iep boolean, section_504 boolean, gifted boolean, foster boolean, homeless boolean, low_income boolean)
      where s.district_id = ${districtId} and s.id = f.id`.execute(trx);
  }
}

export async function upsertLegacyFigures(trx: Trx, rows: Insertable<Database['legacy_figure']>[]): Promise<void> {
  const last = new Map(rows.map((r) => [r.student_id, r]));
  await insertRows(trx, 'legacy_figure', [...last.values()], {
    columns: ['district_id', 'student_id'], update: ['uc_gpa', 'csu_gpa', 'district_gpa', 'district_unweighted_gpa', 'credits_earned'],
  });
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

/** The district's students or staff by their district ID. */
export async function idsByLocalId(trx: Trx, table: 'student' | 'staff', districtId: number): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'local_id']).where('district_id', '=', districtId).execute();
  return new Map(rows.map((r) => [r.local_id, Number(r.id)]));
}
