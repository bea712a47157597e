// Import a district package (shared/formats/district-import.md): every check first, then all the
// writes in ONE transaction (a crash or a kill leaves the database as it was), idempotent through
// the hash each record was last imported with, bulk files ending what they no longer list, deltas
// creating, updating and ending. A dry run does the same writes in a transaction it rolls back, so
// its counts are exactly those the import would give.
import { createHash } from 'node:crypto';
import { calendarDayIn } from '@homeroom/core/attendance/index';
import {
  checkDistrictPackage, HOMEROOM_COURSES_FILE, HOMEROOM_LEGACY_FIGURES_FILE, HOMEROOM_PROGRAMS_FILE, HOMEROOM_TRANSCRIPTS_FILE,
  IMPORT_REPORT_FORMAT, packageRows, packageTranscripts, REPORT_PROBLEM_LIMIT, type CheckedPackage, type ImportedBefore, type ImportProblem,
  type PackageFileText, type PackageRow,
} from '@homeroom/core/formats/oneroster/district-package';
import { IdMap } from '@homeroom/core/formats/oneroster/id-map';
import { IMPORTED_DATA_FILES, ONEROSTER_FILES, parseCsv, splitOneRosterList, type ImportedDataFile } from '@homeroom/core/formats/oneroster/csv-binding';
import type { Reconciliation } from '@homeroom/core/formats/oneroster/reconciliation';
import type { Transcript } from '@homeroom/core';
import type { Kysely, Transaction } from 'kysely';
import { districtToday, systemClock, type Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import * as repo from './district-import.repository.ts';

export interface ImportCounts { rows: number; created: number; updated: number; unchanged: number; ended: number }

export interface ImportReport {
  format: typeof IMPORT_REPORT_FORMAT;
  status: 'imported' | 'dry-run' | 'refused';
  package: { oneroster: '1.2'; files: Record<string, string> };
  counts: Record<string, ImportCounts>;
  notImported: string[];
  problemCount: number;
  problems: ImportProblem[];
  reconciliation?: Reconciliation;
}

export interface DistrictImportOptions {
  files: PackageFileText[];
  /** The district to import into (the server's: the administrator's own); else found from the package. */
  districtId?: number;
  /** Problems found while reading the package (paths, sizes, encoding). */
  readProblems?: ImportProblem[];
  dryRun: boolean;
  clock?: Clock;
  onProgress?: (step: string) => void;
  /** Called inside the write transaction once records are written (the kill test waits here). */
  insideTransaction?: () => Promise<void>;
}

const DEFAULT_TIME_ZONE = 'America/Los_Angeles';
const STAFF_ROLES = new Set(['aide', 'counselor', 'districtAdministrator', 'principal', 'proctor', 'siteAdministrator', 'systemAdministrator', 'teacher']);
const ASSIGNMENT_ROLE: Record<string, string> = { teacher: 'teacher', counselor: 'counselor', principal: 'principal', siteAdministrator: 'assistant-principal', aide: 'office', proctor: 'office' };
/** Places a student has a seat in a class when the package says nothing about capacity. */
const DEFAULT_CAPACITY = 40;

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back');
  }
}

export async function importDistrict(db: Kysely<Database>, options: DistrictImportOptions): Promise<ImportReport> {
  try {
    return await db.transaction().execute(async (trx) => {
      const report = await runImport(trx, options);
      if (options.dryRun && report.status === 'dry-run') throw new Rollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
}

/** The files whose sourcedIds another file names (and users, whose roles the check asks for). */
const REFERENCED_FILES: ImportedDataFile[] = IMPORTED_DATA_FILES.filter((file) => file === 'users'
  || Object.values(ONEROSTER_FILES).some((definition) => definition.fields.some((field) => field.references === file)));

/**
 * The mapping rows (`oneroster_record`) by file and sourcedId. A file's rows are read from the
 * database when the file is written, and let go once nothing later needs them: a district's
 * millions of enrollments and roles are not all held for the whole import.
 */
class Records {
  private readonly byKind = new Map<string, Map<string, repo.OneRosterRecordRow>>();
  /** Kinds whose records later rows look up by sourcedId (programs: a spell may be listed twice).
   * The rows this import writes of the other kinds (millions of roles and enrollments) are not held:
   * each is written once, with its batch. */
  private static readonly HELD = new Set<string>([...REFERENCED_FILES, 'programs', 'courseAttributes']);

  constructor(private readonly trx: Transaction<Database>, private readonly districtId: number | null) {}

  /** Kinds read a batch of rows at a time (loadFor), never whole: whether the district has any. */
  private readonly streamed = new Map<string, boolean>();

  async load(kinds: readonly string[]): Promise<void> {
    const missing = kinds.filter((k) => !this.byKind.has(k));
    for (const kind of missing) this.byKind.set(kind, new Map());
    const whole = missing.filter((k) => Records.HELD.has(k));
    for (const kind of missing.filter((k) => !Records.HELD.has(k))) this.streamed.set(kind, this.districtId !== null && await repo.hasOneRosterRecords(this.trx, this.districtId, kind));
    if (this.districtId === null) return;
    for (const kind of whole) {
      const map = this.byKind.get(kind)!;
      for (let after = ''; ;) {
        const page = await repo.oneRosterRecordsPage(this.trx, this.districtId, kind, after, 10 * BATCH_ROWS);
        for (const r of page) map.set(r.sourced_id, r);
        if (page.length < 10 * BATCH_ROWS) break;
        after = page.at(-1)!.sourced_id;
      }
    }
  }

  isStreamed(kind: string): boolean {
    return this.streamed.has(kind);
  }

  /** The district has records of the kind from an earlier import. */
  hasAny(kind: string): boolean {
    return this.streamed.get(kind) ?? this.of(kind).size > 0;
  }

  /** For a streamed kind, the records of these sourcedIds (and only those) are now at hand. */
  async loadFor(kind: string, sourcedIds: readonly string[]): Promise<void> {
    if (!this.streamed.get(kind) || this.districtId === null) return;
    const map = this.of(kind);
    map.clear();
    for (const r of await repo.oneRosterRecordsOf(this.trx, this.districtId, kind, sourcedIds)) map.set(r.sourced_id, r);
  }

  of(kind: string): Map<string, repo.OneRosterRecordRow> {
    const map = this.byKind.get(kind);
    if (!map) throw new Error(`district import: the records of ${kind} were not read`);
    return map;
  }

  get(kind: string, sourcedId: string): repo.OneRosterRecordRow | undefined {
    return this.of(kind).get(sourcedId);
  }

  set(row: repo.OneRosterRecordRow): void {
    if (Records.HELD.has(row.kind)) this.of(row.kind).set(row.sourced_id, row);
  }

  /** The row is the record's latest: a held record changed twice since the last flush is saved once. */
  isLatest(row: repo.OneRosterRecordRow): boolean {
    return !Records.HELD.has(row.kind) || this.get(row.kind, row.sourced_id) === row;
  }

  drop(kind: string): void {
    this.byKind.delete(kind);
    this.streamed.delete(kind);
  }
}
/** A record imported before with this content and not ended since: the import leaves it alone. */
const isCurrent = (old: repo.OneRosterRecordRow | undefined, hash: string): boolean => old !== undefined && old.content_hash === hash && old.ended_on === null;
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
const dataOf = (r: PackageRow) => {
  const { status: _s, dateLastModified: _d, ...rest } = r.values;
  return rest;
};

function yearName(endingYear: string): string {
  const y = Number(endingYear);
  return `${y - 1}-${String(y).slice(2)}`;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function gradeOf(grades: string): number | null {
  const first = splitOneRosterList(grades)[0];
  if (!first) return null;
  if (first === 'KG') return 0;
  if (first === 'PK' || first === 'TK' || first === 'PR' || first === 'IT') return -1;
  const n = Number(first);
  return Number.isInteger(n) && n >= -1 && n <= 12 ? n : null;
}

async function runImport(trx: Transaction<Database>, options: DistrictImportOptions): Promise<ImportReport> {
  const clock = options.clock ?? systemClock;
  const progress = options.onProgress ?? (() => {});
  // One import at a time: a second waits here for the first to commit or roll back.
  await repo.waitForOtherImports(trx);
  progress('checking');

  // Which district: the one that imported this district org before, else the only one there is,
  // else a new one.
  const orgsFile = options.files.find((f) => f.name === 'orgs.csv');
  const districtOrgs = orgsFile ? safeDistrictOrgs(orgsFile) : [];
  let districtId: number | null = options.districtId ?? null;
  for (const org of districtOrgs) districtId ??= await repo.districtOfSourcedId(trx, org);
  const districts = await repo.listDistricts(trx);
  if (districtId === null && districts.length === 1) districtId = districts[0]!.id;
  const records = new Records(trx, districtId);
  // The check looks up only the records a package may refer to; each file's own are read when it is written.
  await records.load(REFERENCED_FILES);
  const ROLE_OF_TYPE: Record<string, string> = { student: 'student', staff: 'teacher', guardian: 'parent' };
  const before: ImportedBefore = {
    has: (file: ImportedDataFile, id: string) => records.get(file, id) !== undefined,
    roleOf: (user: string) => ROLE_OF_TYPE[records.get('users', user)?.record_type ?? ''] ?? null,
  };

  const checked = checkDistrictPackage(options.files, before);
  const problems = [...(options.readProblems ?? []), ...checked.problems];
  if (districtId === null && districtOrgs.length === 0 && !problems.some((p) => p.file === 'orgs.csv')) {
    problems.push({ file: 'orgs.csv', row: null, column: 'type', code: 'district-org-missing', message: 'the database has no district yet: orgs.csv must have the org of type district' });
  }
  if (districtOrgs.length > 1) problems.push({ file: 'orgs.csv', row: null, column: 'type', code: 'more-than-one-district', message: `orgs.csv has ${districtOrgs.length} orgs of type district; a package is one district's` });
  problems.push(...termProblems(checked));

  const counts: Record<string, ImportCounts> = {};
  for (const name of Object.keys(checked.files)) {
    if (checked.notImported.includes(name)) continue;
    counts[name] = { rows: checked.rows[name] ?? 0, created: 0, updated: 0, unchanged: 0, ended: 0 };
  }
  const base = { format: IMPORT_REPORT_FORMAT as typeof IMPORT_REPORT_FORMAT, package: { oneroster: '1.2' as const, files: checked.files }, notImported: checked.notImported };
  if (problems.length > 0) {
    return { ...base, status: 'refused', counts, problemCount: problems.length, problems: problems.slice(0, REPORT_PROBLEM_LIMIT) };
  }

  const reconciliation: Reconciliation = checked.reconciliation;

  progress('writing');
  const today = districtId !== null ? await districtToday(trx, districtId, clock) : calendarDayIn(clock.now(), DEFAULT_TIME_ZONE);
  const writer = new PackageWriter(trx, checked, options.files, records, counts, today, districtId);
  await writer.write(progress, options.insideTransaction);
  progress('done');
  return { ...base, status: options.dryRun ? 'dry-run' : 'imported', counts, problemCount: 0, problems: [], reconciliation };
}

function safeDistrictOrgs(f: PackageFileText): string[] {
  try {
    const text = typeof f.text === 'string' ? f.text : [...f.text].join('');
    const [header, ...rows] = parseCsv(text);
    const idAt = header?.fields.indexOf('sourcedId') ?? -1;
    const typeAt = header?.fields.indexOf('type') ?? -1;
    if (idAt < 0 || typeAt < 0) return [];
    return rows.filter((r) => r.fields[typeAt] === 'district').map((r) => r.fields[idAt]!);
  } catch {
    return [];
  }
}

/** Homeroom's year has at most two semesters and a summer: more terms in a year cannot be placed. */
function termProblems(checked: CheckedPackage): ImportProblem[] {
  const byYear = new Map<string, PackageRow[]>();
  for (const r of checked.academicSessions ?? []) {
    if (r.values.type !== 'semester' && r.values.type !== 'term') continue;
    byYear.set(r.values.schoolYear!, [...(byYear.get(r.values.schoolYear!) ?? []), r]);
  }
  const out: ImportProblem[] = [];
  for (const rows of byYear.values()) {
    for (const r of rows.sort((a, b) => a.values.startDate!.localeCompare(b.values.startDate!)).slice(3)) {
      out.push({ file: 'academicSessions.csv', row: r.row, column: 'type', code: 'too-many-terms', message: `school year ${r.values.schoolYear} already has two semesters and a summer term; Homeroom's year has no room for "${r.values.sourcedId}" (give quarters as gradingPeriod)` });
    }
  }
  return out;
}

/** What a create made: its id, or (`insert`) a row to insert with others of its table, whose id
 * (reserved from the table's sequence when the batch is written) reaches the mapping row and
 * `then`. */
type Made = { id: number | null; type: string; key?: string | null; insert?: { table: repo.ImportedTable; values: object; then?: (id: number) => void } };
type Sync = { create: () => Promise<Made> | Made; update: (old: repo.OneRosterRecordRow) => Promise<Made | void> };
type Pending = { values: object[]; rows: repo.OneRosterRecordRow[]; then: (((id: number) => void) | undefined)[] };
/** A class's meeting in a period that may not exist yet: periods are made, a batch at a time, when it is written. */
type PendingMeeting = { sectionId: number; schoolId: number; period: string; sortOrder: number; termId: number };

/** Rows kept for one batch of statements: a district has millions of them, and one statement per
 * row is a round trip per row. */
const BATCH_ROWS = 5000;

/** A file's rows a batch at a time: the mapping rows of a batch are read in one statement. */
function* batchesOf<T>(rows: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const r of rows) {
    batch.push(r);
    if (batch.length === BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Writes the checked package's records, file by file, counting what changed. */
class PackageWriter {
  /** Mapping rows created (inserted), updated or ended (upserted) since the last flush. */
  private created: repo.OneRosterRecordRow[] = [];
  private changed: repo.OneRosterRecordRow[] = [];
  private districtId: number;
  private readonly years = new Map<string, { id: number; start: string; end: string }>();
  private readonly termInfo = new Map<number, { yearId: number; start: string; end: string }>();
  private readonly yearTerms = new Map<number, { termIds: number[]; yearId: number; start: string; end: string }>();
  private readonly courseByCode = new Map<string, number>();
  /** The district's periods by school and code (read once, when a class first needs one). */
  private periods: Map<string, number> | null = null;

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly pkg: CheckedPackage,
    private readonly files: readonly PackageFileText[],
    private readonly records: Records,
    private readonly counts: Record<string, ImportCounts>,
    private readonly today: string,
    districtId: number | null,
  ) {
    this.districtId = districtId ?? -1;
  }

  /** A file of the package, when it is there (its rows are read again as it is written). */
  private file(name: string): PackageFileText | undefined {
    return this.pkg.files[name] === undefined ? undefined : this.files.find((f) => f.name === name);
  }

  private mode(file: ImportedDataFile): 'bulk' | 'delta' {
    return this.pkg.modes[file] === 'delta' ? 'delta' : 'bulk';
  }

  private idOf(kind: string, sourcedId: string): number | null {
    return this.records.get(kind, sourcedId)?.record_id ?? null;
  }

  private recordOf(kind: string, sourcedId: string): repo.OneRosterRecordRow | undefined {
    return this.records.get(kind, sourcedId);
  }

  private remember(row: repo.OneRosterRecordRow, created = false): void {
    this.records.set(row);
    (created ? this.created : this.changed).push(row);
  }

  /** Creates, updates or leaves one record, by the hash it was last imported with. */
  private async sync(file: string, kind: string, sourcedId: string, content: unknown, how: Sync): Promise<number | null> {
    return this.syncHashed(file, kind, sourcedId, hashOf(content), how);
  }

  /** Counts an unchanged record and says so; a file's loop asks before it builds anything for the row. */
  private unchanged(file: string, kind: string, sourcedId: string, hash: string): boolean {
    if (!isCurrent(this.records.get(kind, sourcedId), hash)) return false;
    this.counts[file]!.unchanged++;
    return true;
  }

  private async syncHashed(file: string, kind: string, sourcedId: string, hash: string, how: Sync): Promise<number | null> {
    const old = this.records.get(kind, sourcedId);
    const count = this.counts[file]!;
    if (isCurrent(old, hash)) {
      count.unchanged++;
      return old!.record_id;
    }
    const made: Made = old ? (await how.update(old)) ?? { id: old.record_id, type: old.record_type, key: old.record_key } : await how.create();
    const row: repo.OneRosterRecordRow = { kind, sourced_id: sourcedId, record_type: made.type, record_id: made.id, record_key: made.key ?? null, content_hash: hash, ended_on: null };
    this.remember(row, !old);
    if (old) count.updated++;
    else count.created++;
    if (made.insert) this.defer(made.insert.table, made.insert.values, row, made.insert.then);
    await this.flushIfFull();
    return made.id;
  }

  private readonly pending = new Map<repo.ImportedTable, Pending>();
  private pendingRows = 0;
  private pendingMeetings: PendingMeeting[] = [];
  private pendingTeachers: object[] = [];
  private pendingMarks: Parameters<typeof repo.insertTranscriptEntries>[1] = [];

  private defer(table: repo.ImportedTable, values: object, row: repo.OneRosterRecordRow, then?: (id: number) => void): void {
    let batch = this.pending.get(table);
    if (!batch) this.pending.set(table, (batch = { values: [], rows: [], then: [] }));
    batch.values.push(values);
    batch.rows.push(row);
    batch.then.push(then);
    this.pendingRows++;
  }

  private async flushIfFull(): Promise<void> {
    if (this.pendingRows + this.pendingMarks.length + this.pendingTeachers.length + this.changed.length + this.created.length >= BATCH_ROWS) await this.startFlush();
  }

  /** The batch the database is writing while the next one is built: node and PostgreSQL, one core
   * each, work at the same time. At most one batch is in flight; a file waits for its last. */
  private writing: Promise<void> = Promise.resolve();

  /** Hands the pending rows to the database, waiting only for the batch before them. Rows written
   * in a batch are not read back until the file ends (`flush`): a file's rows refer only to records
   * of the files before it. */
  private async startFlush(): Promise<void> {
    await this.writing;
    // A record changed twice since the last flush is saved once, as it is now.
    const current = (row: repo.OneRosterRecordRow) => this.records.isLatest(row);
    const batch = {
      tables: [...this.pending], teachers: this.pendingTeachers, marks: this.pendingMarks,
      created: this.created.filter(current), changed: this.changed.filter(current),
    };
    this.pending.clear();
    this.pendingRows = 0;
    this.pendingTeachers = [];
    this.pendingMarks = [];
    this.created = [];
    this.changed = [];
    this.writing = this.writeBatch(batch);
    // Its failure is thrown where it is awaited: by the next batch, the file's end or write().
    this.writing.catch(() => undefined);
  }

  /** Writes every pending row and waits for it. */
  private async flush(): Promise<void> {
    await this.startFlush();
    await this.writing;
  }

  /** Writes a batch: the rows (their ids reserved first), then the mapping rows of what changed,
   * which carry the ids. */
  private async writeBatch(batch: { tables: [repo.ImportedTable, Pending][]; teachers: object[]; marks: Parameters<typeof repo.insertTranscriptEntries>[1]; created: repo.OneRosterRecordRow[]; changed: repo.OneRosterRecordRow[] }): Promise<void> {
    for (const [table, pending] of batch.tables) {
      const ids = await repo.reserveIds(this.trx, table, pending.values.length);
      const values = pending.values.map((v, i) => ({ id: ids[i]!, ...v }));
      pending.rows.forEach((row, i) => {
        row.record_id = ids[i]!;
        pending.then[i]?.(ids[i]!);
      });
      await repo.insertRows(this.trx, table, values);
    }
    if (this.pendingMeetings.length) await this.writeMeetings();
    if (batch.teachers.length) await repo.insertRows(this.trx, 'section_teacher', batch.teachers);
    if (batch.marks.length) await repo.insertTranscriptEntries(this.trx, batch.marks);
    if (batch.created.length) await repo.insertOneRosterRecords(this.trx, this.districtId, batch.created);
    if (batch.changed.length) await repo.saveOneRosterRecords(this.trx, this.districtId, batch.changed);
  }

  /** The meetings of the classes written since the last flush, and the periods they meet in that
   * the school does not have yet. */
  private async writeMeetings(): Promise<void> {
    if (!this.periods) {
      this.periods = new Map();
      for (const p of await repo.listPeriods(this.trx, this.districtId)) this.periods.set(`${p.school_id}|${p.code}`, p.id);
    }
    const periods = this.periods;
    const missing = new Map<string, { school_id: number; code: string; sort_order: number }>();
    for (const m of this.pendingMeetings) {
      const at = `${m.schoolId}|${m.period}`;
      if (!periods.has(at) && !missing.has(at)) missing.set(at, { school_id: m.schoolId, code: m.period, sort_order: m.sortOrder });
    }
    if (missing.size) {
      const ids = await repo.reserveIds(this.trx, 'period', missing.size);
      const rows = [...missing.values()].map((p, i) => ({ district_id: this.districtId, id: ids[i]!, school_id: p.school_id, code: p.code, name: `Period ${p.code}`, sort_order: p.sort_order }));
      await repo.insertRows(this.trx, 'period', rows);
      for (const p of rows) periods.set(`${p.school_id}|${p.code}`, p.id);
    }
    // A class listing a period twice meets in it once.
    const meetings = new Map<string, object>();
    for (const m of this.pendingMeetings) {
      const periodId = periods.get(`${m.schoolId}|${m.period}`)!;
      meetings.set(`${m.sectionId}|${m.termId}|${periodId}`, { district_id: this.districtId, section_id: m.sectionId, term_id: m.termId, period_id: periodId });
    }
    this.pendingMeetings = [];
    await repo.insertRows(this.trx, 'section_meeting', [...meetings.values()]);
  }

  /** Ends one record (never deletes it): history stays. */
  private async end(file: string, kind: string, sourcedId: string, ending: (old: repo.OneRosterRecordRow) => Promise<void>): Promise<void> {
    const old = this.records.get(kind, sourcedId);
    if (!old || old.ended_on !== null) {
      this.counts[file]!.unchanged++;
      return;
    }
    await this.endRecord(file, old, ending);
  }

  /** A record ended: its Homeroom rows by `ending`, its mapping row dated, counted. */
  private async endRecord(file: string, old: repo.OneRosterRecordRow, ending: (old: repo.OneRosterRecordRow) => Promise<void>): Promise<void> {
    await ending(old);
    this.remember({ ...old, ended_on: this.today });
    this.counts[file]!.ended++;
    await this.flushIfFull();
  }

  /** A bulk file is the whole set: records imported earlier and missing from it are ended. */
  private async endMissing(file: string, kind: ImportedDataFile, listed: IdMap | null, ending: (old: repo.OneRosterRecordRow) => Promise<void>): Promise<void> {
    if (this.mode(kind) !== 'bulk' || listed === null) return;
    if (this.records.isStreamed(kind)) {
      // The district's records of the file, a page at a time: only those the file no longer lists are read whole.
      for (let after = ''; ;) {
        const page = await repo.unendedSourcedIds(this.trx, this.districtId, kind, after, 10 * BATCH_ROWS);
        if (page.length === 0) break;
        after = page.at(-1)!;
        const unlisted = page.filter((id) => !listed.has(id));
        await this.records.loadFor(kind, unlisted);
        for (const id of unlisted) await this.endRecord(file, this.records.get(kind, id)!, ending);
      }
      return;
    }
    const missing = [...this.records.of(kind).values()].filter((old) => old.ended_on === null && !listed.has(old.sourced_id));
    for (const old of missing) await this.endRecord(file, old, ending);
  }

  /** Every row of a file, then (bulk) the records it no longer lists; `keep`: the file's records
   * are needed by the files written after it. */
  private async each(
    file: ImportedDataFile, rows: Iterable<PackageRow>, active: (r: PackageRow, hash: string) => Promise<void>, ending: (old: repo.OneRosterRecordRow) => Promise<void>,
    keep = false, content: (r: PackageRow) => unknown = dataOf,
  ): Promise<void> {
    const fileName = `${file}.csv`;
    await this.records.load([file]);
    const listed = this.listing(file);
    for (const chunk of batchesOf(rows)) {
      await this.records.loadFor(file, chunk.map((r) => r.values.sourcedId!));
      for (const r of chunk) {
        listed?.set(r.values.sourcedId!, 1);
        if (r.values.status === 'tobedeleted') await this.end(fileName, file, r.values.sourcedId!, ending);
        else {
          // Most rows of a second import are unchanged: they cost a hash and a lookup, nothing more.
          const hash = hashOf(content(r));
          if (!this.unchanged(fileName, file, r.values.sourcedId!, hash)) await active(r, hash);
        }
      }
    }
    await this.flush();
    await this.endMissing(fileName, file, listed, ending);
    await this.flush();
    if (!keep) this.records.drop(file);
  }

  /** The sourcedIds a bulk file lists, to end the records it no longer lists: needed only when the
   * district has records of the file from an earlier import. */
  private listing(file: ImportedDataFile): IdMap | null {
    return this.mode(file) === 'bulk' && this.records.hasAny(file) ? new IdMap() : null;
  }

  async write(progress: (step: string) => void, insideTransaction?: () => Promise<void>): Promise<void> {
    try {
      await this.writeFiles(progress);
    } catch (error) {
      // A batch that failed aborts the transaction: what failed after it only says so.
      await this.writing;
      throw error;
    }
    await this.flush();
    if (insideTransaction) await insideTransaction();
  }

  private async writeFiles(progress: (step: string) => void): Promise<void> {
    const p = this.pkg;
    const rowsOf = (name: string) => packageRows(this.file(name)!);
    const nothing = async () => {};
    if (p.orgs) { progress('orgs.csv'); await this.each('orgs', [...p.orgs].sort((a, b) => (a.values.type === 'district' ? -1 : 0) - (b.values.type === 'district' ? -1 : 0)), (r, hash) => this.org(r, hash), nothing, true); }
    if (this.districtId < 0) throw new Error('district import: no district to write into');
    if (p.academicSessions) {
      progress('academicSessions.csv');
      const order: Record<string, number> = { schoolYear: 0, semester: 1, term: 1, gradingPeriod: 2 };
      const rows = [...p.academicSessions].sort((a, b) => order[a.values.type!]! - order[b.values.type!]! || a.values.startDate!.localeCompare(b.values.startDate!));
      await this.each('academicSessions', rows, (r, hash) => this.session(r, hash, rows), nothing, true);
    }
    if (p.courses) { progress('courses.csv'); await this.courses(p.courses); }
    if (this.file('classes.csv')) { progress('classes.csv'); await this.each('classes', rowsOf('classes.csv'), (r, hash) => this.section(r, hash), (old) => repo.closeSection(this.trx, this.districtId, old.record_id!, this.today), true); }
    if (this.file('users.csv')) { progress('users.csv'); await this.users(); }
    if (this.file('demographics.csv')) {
      const f = 'demographics.csv';
      await this.records.load(['demographics']);
      const listed = this.listing('demographics');
      for (const chunk of batchesOf(rowsOf(f))) {
        await this.records.loadFor('demographics', chunk.map((r) => r.values.sourcedId!));
        for (const r of chunk) {
          listed?.set(r.values.sourcedId!, 1);
          if (r.values.status === 'tobedeleted') await this.end(f, 'demographics', r.values.sourcedId!, nothing);
          else {
            const hash = hashOf(dataOf(r));
            if (!this.unchanged(f, 'demographics', r.values.sourcedId!, hash)) {
              await this.syncHashed(f, 'demographics', r.values.sourcedId!, hash, { create: () => ({ id: this.idOf('users', r.values.sourcedId!), type: 'student' }), update: nothing });
            }
          }
        }
      }
      await this.endMissing(f, 'demographics', listed, nothing);
      await this.flush();
      this.records.drop('demographics');
    }
    if (this.file('roles.csv')) { progress('roles.csv'); await this.each('roles', rowsOf('roles.csv'), (r, hash) => this.role(r, hash), (old) => this.endRole(old)); }
    if (this.file('enrollments.csv')) { progress('enrollments.csv'); await this.each('enrollments', rowsOf('enrollments.csv'), (r, hash) => this.enrollment(r, hash), (old) => this.endEnrollment(old)); }
    progress(HOMEROOM_TRANSCRIPTS_FILE);
    await this.records.load(['transcripts']);
    const transcripts = this.file(HOMEROOM_TRANSCRIPTS_FILE);
    for (const chunk of batchesOf(transcripts ? packageTranscripts(transcripts) : [])) {
      await this.records.loadFor('transcripts', chunk.map((t) => t.student.id));
      for (const transcript of chunk) {
        const hash = hashOf(transcript.marks);
        if (!this.unchanged(HOMEROOM_TRANSCRIPTS_FILE, 'transcripts', transcript.student.id, hash)) await this.transcript(transcript, hash);
      }
    }
    await this.flush();
    this.records.drop('transcripts');
    progress(HOMEROOM_PROGRAMS_FILE);
    await this.programs();
    await this.legacyFigures();
  }

  private async legacyFigures(): Promise<void> {
    await this.records.load(['legacyFigures']);
    let figures: Parameters<typeof repo.upsertLegacyFigures>[1] = [];
    const legacy = this.file(HOMEROOM_LEGACY_FIGURES_FILE);
    for (const chunk of batchesOf(legacy ? packageRows(legacy) : [])) {
      await this.records.loadFor('legacyFigures', chunk.map((r) => r.values.studentSourcedId!));
      for (const r of chunk) {
        const studentId = this.idOf('users', r.values.studentSourcedId!)!;
        const v = r.values;
        const write = () => {
          figures.push({
            district_id: this.districtId, student_id: studentId, uc_gpa: v.ucGpa || null, csu_gpa: v.csuGpa || null, district_gpa: v.districtGpa || null,
            district_unweighted_gpa: v.districtUnweightedGpa || null, credits_earned: v.creditsEarned || null,
          });
        };
        await this.sync(HOMEROOM_LEGACY_FIGURES_FILE, 'legacyFigures', v.studentSourcedId!, v, {
          create: () => {
            write();
            return { id: studentId, type: 'legacy_figure' };
          },
          update: async () => write(),
        });
      }
      await repo.upsertLegacyFigures(this.trx, figures);
      figures = [];
    }
    await this.flush();
    this.records.drop('legacyFigures');
  }

  // Records the district already has under the same code are adopted, not duplicated (read when a
  // record is first created: an import that creates nothing never reads them).
  private schoolsByCode: Map<string, number> | null = null;
  private coursesByCode: Map<string, number> | null = null;
  private studentsByLocalId: Map<string, number> | null = null;
  private staffByLocalId: Map<string, number> | null = null;

  private async org(r: PackageRow, hash: string): Promise<void> {
    const v = r.values;
    const code = v.identifier || v.sourcedId!;
    await this.syncHashed('orgs.csv', 'orgs', v.sourcedId!, hash, {
      create: async () => {
        if (v.type === 'district') {
          // A district that exists keeps its code (sign-in and the CLI know it by it); the package
          // names it.
          if (this.districtId >= 0) await repo.updateDistrictName(this.trx, this.districtId, v.name!);
          else this.districtId = await repo.insertDistrict(this.trx, { code, name: v.name! });
          return { id: this.districtId, type: 'district' };
        }
        if (v.type === 'school') {
          this.schoolsByCode ??= await repo.idsByCode(this.trx, 'school', this.districtId);
          const existing = this.schoolsByCode.get(code);
          if (existing !== undefined) {
            await repo.updateRecord(this.trx, 'school', this.districtId, existing, { name: v.name! });
            return { id: existing, type: 'school' };
          }
          // OneRoster does not say a school's kind or grades: a span school of every grade until
          // the district says otherwise in Homeroom.
          return { id: null, type: 'school', insert: { table: 'school', values: { district_id: this.districtId, code, name: v.name!, kind: 'span', low_grade: -1, high_grade: 12 } } };
        }
        return { id: null, type: 'not-kept' };
      },
      update: async (old) => {
        if (old.record_type === 'district') await repo.updateDistrictName(this.trx, this.districtId, v.name!);
        else if (old.record_type === 'school') await repo.updateRecord(this.trx, 'school', this.districtId, old.record_id!, { code, name: v.name! });
      },
    });
  }

  private async ensureYear(name: string, start: string, end: string): Promise<number> {
    const known = this.years.get(name);
    if (known) return known.id;
    let id = await repo.findSchoolYear(this.trx, this.districtId, name);
    if (id === null) id = await repo.insertRecord(this.trx, 'school_year', { district_id: this.districtId, name, start_date: start, end_date: end });
    this.years.set(name, { id, start, end });
    return id;
  }

  private async session(r: PackageRow, hash: string, all: PackageRow[]): Promise<void> {
    const v = r.values;
    const year = yearName(v.schoolYear!);
    await this.syncHashed('academicSessions.csv', 'academicSessions', v.sourcedId!, hash, {
      create: async () => {
        if (v.type === 'schoolYear') {
          const existing = await repo.findSchoolYear(this.trx, this.districtId, year);
          if (existing !== null) {
            await repo.updateRecord(this.trx, 'school_year', this.districtId, existing, { start_date: v.startDate!, end_date: v.endDate! });
            this.years.set(year, { id: existing, start: v.startDate!, end: v.endDate! });
            return { id: existing, type: 'school_year' };
          }
          const id = await this.ensureYear(year, v.startDate!, v.endDate!);
          return { id, type: 'school_year' };
        }
        if (v.type === 'semester' || v.type === 'term') {
          const yearId = await this.ensureYear(year, v.startDate!, v.endDate!);
          const code = this.termCode(r, all);
          const existing = await repo.findTerm(this.trx, this.districtId, yearId, code);
          const values = { name: v.title!, start_date: v.startDate!, end_date: v.endDate! };
          const id = existing ?? await repo.insertRecord(this.trx, 'term', { district_id: this.districtId, school_year_id: yearId, code, ...values });
          if (existing !== null) await repo.updateRecord(this.trx, 'term', this.districtId, existing, values);
          this.termInfo.set(id, { yearId, start: v.startDate!, end: v.endDate! });
          return { id, type: 'term' };
        }
        const parent = this.recordOf('academicSessions', v.parentSourcedId ?? '');
        if (parent?.record_type !== 'term') return { id: null, type: 'not-kept' };
        const id = await repo.insertRecord(this.trx, 'grading_period', {
          district_id: this.districtId, term_id: parent.record_id!, code: v.sourcedId!, name: v.title!, start_date: v.startDate!, end_date: v.endDate!,
        });
        return { id, type: 'grading_period' };
      },
      update: async (old) => {
        const values = { start_date: v.startDate!, end_date: v.endDate! };
        if (old.record_type === 'school_year') await repo.updateRecord(this.trx, 'school_year', this.districtId, old.record_id!, values);
        else if (old.record_type === 'term') await repo.updateRecord(this.trx, 'term', this.districtId, old.record_id!, { ...values, name: v.title! });
        else if (old.record_type === 'grading_period') await repo.updateRecord(this.trx, 'grading_period', this.districtId, old.record_id!, { ...values, name: v.title! });
      },
    });
  }

  /** Semesters and terms of a year by start date: S1, S2, then the summer. */
  private termCode(r: PackageRow, all: PackageRow[]): string {
    const same = all.filter((s) => (s.values.type === 'semester' || s.values.type === 'term') && s.values.schoolYear === r.values.schoolYear)
      .sort((a, b) => a.values.startDate!.localeCompare(b.values.startDate!));
    return ['S1', 'S2', 'SU'][same.indexOf(r)] ?? 'SU';
  }

  private async courses(rows: PackageRow[]): Promise<void> {
    const attributes = new Map(this.pkg.homeroomCourses.map((r) => [r.values.courseSourcedId!, r]));
    const codeCount = new Map<string, number>();
    for (const r of rows) if (r.values.courseCode) codeCount.set(r.values.courseCode, (codeCount.get(r.values.courseCode) ?? 0) + 1);
    await this.records.load(['courseAttributes']);
    for (const a of this.pkg.homeroomCourses) {
      await this.sync(HOMEROOM_COURSES_FILE, 'courseAttributes', a.values.courseSourcedId!, a.values, { create: () => ({ id: null, type: 'course' }), update: async () => {} });
    }
    await this.flush();
    this.records.drop('courseAttributes');
    // A course code used by more than one course of the package (the same course in two school
    // years) cannot be the district's unique code: the sourcedId is.
    const codeOf = (v: PackageRow['values']) => (v.courseCode && codeCount.get(v.courseCode) === 1 ? v.courseCode : v.sourcedId!);
    const content = (r: PackageRow) => ({ row: dataOf(r), a: attributes.get(r.values.sourcedId!)?.values ?? null });
    await this.each('courses', rows, async (r, hash) => {
      const v = r.values;
      const code = codeOf(v);
      const a = attributes.get(v.sourcedId!)?.values;
      const values = {
        code, title: v.title!, credits: a?.credits ?? '0', term_length: a?.term === 'year' ? 'year' : 'semester', ag_area: a?.ag || null,
        honors: a?.honors || 'none', uc_honors: a?.ucHonors === 'true', subject: a?.subject || null,
        graduation_tags: a?.tags ? a.tags.split(';').map((t) => t.trim()).filter(Boolean) : [], language: a?.language || null, active: true,
      };
      await this.syncHashed('courses.csv', 'courses', v.sourcedId!, hash, {
        create: async () => {
          this.coursesByCode ??= await repo.idsByCode(this.trx, 'course', this.districtId);
          const existing = this.coursesByCode.get(code);
          if (existing !== undefined) {
            await repo.updateRecord(this.trx, 'course', this.districtId, existing, values);
            return { id: existing, type: 'course' };
          }
          return { id: null, type: 'course', insert: { table: 'course', values: { district_id: this.districtId, ...values } } };
        },
        update: async (old) => repo.updateRecord(this.trx, 'course', this.districtId, old.record_id!, values),
      });
    }, async (old) => repo.updateRecord(this.trx, 'course', this.districtId, old.record_id!, { active: false }), true, content);
    // Marks name courses by code: every course of the package, changed or not.
    for (const r of rows) {
      const id = r.values.status === 'tobedeleted' ? null : this.idOf('courses', r.values.sourcedId!);
      if (id !== null) this.courseByCode.set(r.values.courseCode || codeOf(r.values), id);
    }
  }

  private async termOf(sessionSourcedId: string): Promise<{ termIds: number[]; yearId: number; start: string; end: string } | null> {
    const rec = this.recordOf('academicSessions', sessionSourcedId);
    if (!rec || rec.record_id === null) return null;
    if (rec.record_type === 'term') {
      let info = this.termInfo.get(rec.record_id);
      if (!info) {
        const t = await repo.termById(this.trx, this.districtId, rec.record_id);
        if (!t) return null;
        info = { yearId: t.school_year_id, start: t.start_date, end: t.end_date };
        this.termInfo.set(rec.record_id, info);
      }
      return { termIds: [rec.record_id], yearId: info.yearId, start: info.start, end: info.end };
    }
    if (rec.record_type === 'school_year') {
      let year = this.yearTerms.get(rec.record_id);
      if (!year) {
        const terms = (await repo.termsOfYear(this.trx, this.districtId, rec.record_id)).filter((t) => t.code !== 'SU');
        const y = await repo.schoolYearById(this.trx, this.districtId, rec.record_id);
        year = { termIds: terms.map((t) => t.id), yearId: rec.record_id, start: y!.start_date, end: y!.end_date };
        this.yearTerms.set(rec.record_id, year);
      }
      return year;
    }
    return null;
  }

  private async section(r: PackageRow, hash: string): Promise<void> {
    const v = r.values;
    const terms: { termIds: number[]; yearId: number }[] = [];
    for (const t of splitOneRosterList(v.termSourcedIds!)) {
      const term = await this.termOf(t);
      if (term) terms.push(term);
    }
    if (terms.length === 0) {
      await this.syncHashed('classes.csv', 'classes', v.sourcedId!, hash, { create: () => ({ id: null, type: 'not-kept' }), update: async () => ({ id: null, type: 'not-kept' }) });
      return;
    }
    const schoolId = this.idOf('orgs', v.schoolSourcedId!)!;
    const values = () => ({
      school_id: schoolId, school_year_id: terms[0]!.yearId, course_id: this.idOf('courses', v.courseSourcedId!)!, code: v.classCode || v.sourcedId!,
      capacity: Math.max(DEFAULT_CAPACITY, this.pkg.facts.studentsInClass(v.sourcedId!)), closed_on: null,
    });
    // Meetings (and the periods they need) are written with the next batch.
    const meetings = (sectionId: number) => {
      for (const [i, period] of splitOneRosterList(v.periods ?? '').entries()) {
        const sortOrder = Number.isInteger(Number(period)) ? Number(period) : i + 1;
        for (const t of terms) for (const termId of t.termIds) this.pendingMeetings.push({ sectionId, schoolId, period, sortOrder, termId });
      }
    };
    await this.syncHashed('classes.csv', 'classes', v.sourcedId!, hash, {
      create: () => ({ id: null, type: 'section', insert: { table: 'section', values: { district_id: this.districtId, ...values() }, then: meetings } }),
      update: async (old) => {
        await repo.updateRecord(this.trx, 'section', this.districtId, old.record_id!, values());
        // A class's meetings are its placement: replaced as a whole.
        await repo.deleteSectionMeetings(this.trx, this.districtId, old.record_id!);
        meetings(old.record_id!);
      },
    });
  }

  private roleOf(user: string): string | null {
    const role = this.pkg.facts.primaryRoleOf(user);
    if (role) return role;
    const type = this.recordOf('users', user)?.record_type;
    return type === 'student' ? 'student' : type === 'staff' ? 'teacher' : type === 'guardian' ? 'parent' : null;
  }

  private async users(): Promise<void> {
    const rows = () => packageRows(this.file('users.csv')!);
    const file = this.file('demographics.csv');
    const demographics = new RowsAhead(file ? packageRows(file) : [], (id) => this.pkg.facts.hasDemographics(id));
    // A student's record is their users.csv row and their demographics together.
    const content = (r: PackageRow) => {
      if ((this.roleOf(r.values.sourcedId!) ?? 'student') !== 'student') return dataOf(r);
      const d = demographics.get(r.values.sourcedId!);
      return { row: dataOf(r), d: d ? { ...d, status: '', dateLastModified: '' } : null };
    };
    // Users created or changed by this import: an unchanged pair was linked by an earlier one.
    const written = new IdMap();
    await this.each('users', rows(), async (r, hash) => {
      const v = r.values;
      written.set(v.sourcedId!, 1);
      const role = this.roleOf(v.sourcedId!) ?? 'student';
      // The district's own ID: the human-readable identifier, else the master identifier (what a
      // Homeroom export writes), else the sourcedId itself.
      const localId = v.identifier || v.userMasterIdentifier || v.sourcedId!;
      // A state ID the package does not carry is not erased: the district may keep it another way.
      const kept = () => {
        const stateId = stateIdOf(v.userIds ?? '');
        return { ...(stateId ? { state_id: stateId } : {}), roster_username: v.username || null };
      };
      if (role === 'student') {
        const d = demographics.get(v.sourcedId!);
        const values = () => ({
          local_id: localId, ...kept(), first_name: v.givenName!, last_name: v.familyName!, middle_name: v.middleName || null, preferred_name: v.preferredGivenName || null,
          ...(d ? studentDemographics(d) : {}),
        });
        await this.syncHashed('users.csv', 'users', v.sourcedId!, hash, {
          create: async () => {
            // Records the district already has under the same ID are adopted, not duplicated.
            this.studentsByLocalId ??= await repo.idsByLocalId(this.trx, 'student', this.districtId);
            const existing = this.studentsByLocalId.get(localId);
            if (existing !== undefined) {
              await repo.updateRecord(this.trx, 'student', this.districtId, existing, values());
              return { id: existing, type: 'student' };
            }
            return { id: null, type: 'student', insert: { table: 'student', values: { district_id: this.districtId, birth_date: '', gender: 'X', ...values() } } };
          },
          update: async (old) => repo.updateRecord(this.trx, 'student', this.districtId, old.record_id!, values()),
        });
      } else if (STAFF_ROLES.has(role)) {
        const values = () => ({ local_id: localId, ...kept(), first_name: v.givenName!, last_name: v.familyName!, email: v.email || null, active: v.enabledUser === 'true' });
        await this.syncHashed('users.csv', 'users', v.sourcedId!, hash, {
          create: async () => {
            this.staffByLocalId ??= await repo.idsByLocalId(this.trx, 'staff', this.districtId);
            const existing = this.staffByLocalId.get(localId);
            if (existing !== undefined) {
              await repo.updateRecord(this.trx, 'staff', this.districtId, existing, values());
              return { id: existing, type: 'staff' };
            }
            return { id: null, type: 'staff', insert: { table: 'staff', values: { district_id: this.districtId, ...values() } } };
          },
          update: async (old) => repo.updateRecord(this.trx, 'staff', this.districtId, old.record_id!, values()),
        });
      } else {
        const values = () => ({ roster_username: v.username || null, first_name: v.givenName!, last_name: v.familyName!, email: v.email || null, phone: v.phone || null });
        await this.syncHashed('users.csv', 'users', v.sourcedId!, hash, {
          create: () => ({ id: null, type: 'guardian', insert: { table: 'guardian', values: { district_id: this.districtId, ...values() } } }),
          update: async (old) => repo.updateRecord(this.trx, 'guardian', this.districtId, old.record_id!, values()),
        });
      }
    }, async (old) => {
      if (old.record_type === 'staff') await repo.deactivateStaff(this.trx, this.districtId, old.record_id!);
      else if (old.record_type === 'student') await repo.exitStudentEnrollments(this.trx, this.districtId, old.record_id!, this.today);
    }, true, content);
    // Guardians and their students, from agentSourcedIds on either side.
    let links: { studentId: number; guardianId: number; relationship: string }[] = [];
    for (const r of written.size === 0 ? [] : rows()) {
      if (r.values.status === 'tobedeleted') continue;
      for (const agent of splitOneRosterList(r.values.agentSourcedIds ?? '')) {
        if (!written.has(r.values.sourcedId!) && !written.has(agent)) continue;
        const me = this.recordOf('users', r.values.sourcedId!);
        const other = this.recordOf('users', agent);
        if (!me || !other) continue;
        const [student, guardian, guardianSourcedId] = me.record_type === 'student' && other.record_type === 'guardian' ? [me, other, agent]
          : me.record_type === 'guardian' && other.record_type === 'student' ? [other, me, r.values.sourcedId!] : [null, null, ''];
        if (!student || !guardian) continue;
        links.push({ studentId: student.record_id!, guardianId: guardian.record_id!, relationship: this.roleOf(guardianSourcedId) ?? 'guardian' });
      }
      if (links.length >= BATCH_ROWS) {
        await repo.linkGuardians(this.trx, this.districtId, links);
        links = [];
      }
    }
    await repo.linkGuardians(this.trx, this.districtId, links);
  }

  /** The school year a role or enrollment begins in: the one whose dates hold the day, else the latest. */
  private yearList: { id: number; start_date: string; end_date: string }[] | null = null;

  private async yearFor(day: string | undefined): Promise<{ id: number; start_date: string; end_date: string } | null> {
    // Sessions are written before roles: the district's years are read once.
    this.yearList ??= await repo.listSchoolYears(this.trx, this.districtId);
    const years = this.yearList;
    return (day ? years.find((y) => y.start_date <= day && day <= y.end_date) : undefined) ?? years.at(-1) ?? null;
  }

  private async role(r: PackageRow, hash: string): Promise<void> {
    const v = r.values;
    const org = this.recordOf('orgs', v.orgSourcedId!);
    const user = this.recordOf('users', v.userSourcedId!);
    const keep = org?.record_type === 'school' && user && (user.record_type === 'student' || user.record_type === 'staff') && v.roleType === 'primary';
    const make = async (): Promise<Made> => {
      const year = keep ? await this.yearFor(v.beginDate || undefined) : null;
      if (!keep || !year) return { id: null, type: 'not-kept' };
      const start = v.beginDate || year.start_date;
      if (user.record_type === 'student') {
        const grade = gradeOf(this.pkg.facts.gradesOf(v.userSourcedId!)) ?? 9;
        return { id: null, type: 'enrollment', insert: { table: 'enrollment', values: {
          district_id: this.districtId, student_id: user.record_id!, school_id: org.record_id!, school_year_id: year.id, grade_level: grade,
          entry_date: start, entry_code: 'E1', exit_date: v.endDate || null, exit_code: v.endDate ? 'import' : null,
        } } };
      }
      return { id: null, type: 'staff_assignment', insert: { table: 'staff_assignment', values: {
        district_id: this.districtId, staff_id: user.record_id!, school_id: org.record_id!, school_year_id: year.id, role: ASSIGNMENT_ROLE[v.role!] ?? 'office',
        start_date: start, end_date: v.endDate || null,
      } } };
    };
    await this.syncHashed('roles.csv', 'roles', v.sourcedId!, hash, {
      create: make,
      update: async (old) => {
        // A changed role ends the old placement and starts the new one: history stays.
        await this.endRole(old);
        return make();
      },
    });
  }

  private async endRole(old: repo.OneRosterRecordRow): Promise<void> {
    if (old.record_type === 'enrollment') await repo.updateRecord(this.trx, 'enrollment', this.districtId, old.record_id!, { exit_date: this.today, exit_code: 'import-ended' });
    else if (old.record_type === 'staff_assignment') await repo.endStaffAssignment(this.trx, this.districtId, old.record_id!, this.today);
  }

  private async enrollment(r: PackageRow, hash: string): Promise<void> {
    const v = r.values;
    const section = this.recordOf('classes', v.classSourcedId!);
    const user = this.recordOf('users', v.userSourcedId!);
    const make = async (): Promise<Made> => {
      if (!section || section.record_type !== 'section' || !user) return { id: null, type: 'not-kept' };
      const firstTerm = this.pkg.facts.firstTermOf(v.classSourcedId!);
      const term = firstTerm !== undefined ? await this.termOf(firstTerm) : null;
      let start = v.beginDate || term?.start;
      if (!start) {
        const yearId = await repo.sectionSchoolYear(this.trx, this.districtId, section.record_id!);
        start = (await repo.schoolYearById(this.trx, this.districtId, yearId))!.start_date;
      }
      if (v.role === 'student' && user.record_type === 'student') {
        return { id: null, type: 'section_roster', insert: { table: 'section_roster', values: {
          district_id: this.districtId, section_id: section.record_id!, student_id: user.record_id!, start_date: start,
          // OneRoster's endDate is the last day; Homeroom's roster end is exclusive.
          end_date: v.endDate ? nextDay(v.endDate) : null, source: 'import',
        } } };
      }
      if (v.role === 'teacher' && user.record_type === 'staff') {
        this.pendingTeachers.push({
          district_id: this.districtId, section_id: section.record_id!, staff_id: user.record_id!, role: v.primary === 'false' ? 'co-teacher' : 'primary',
          start_date: start, end_date: v.endDate || null,
        });
        return { id: section.record_id!, type: 'section_teacher', key: `${section.record_id}|${user.record_id}|${start}` };
      }
      return { id: null, type: 'not-kept' };
    };
    await this.syncHashed('enrollments.csv', 'enrollments', v.sourcedId!, hash, {
      create: make,
      update: async (old) => {
        if (old.record_type === 'section_roster' && section && user) {
          await repo.updateRecord(this.trx, 'section_roster', this.districtId, old.record_id!, {
            section_id: section.record_id!, student_id: user.record_id!, end_date: v.endDate ? nextDay(v.endDate) : null,
            ...(v.beginDate ? { start_date: v.beginDate } : {}),
          });
          return { id: old.record_id, type: old.record_type };
        }
        if (old.record_type === 'section_teacher' && old.record_key) {
          const [s, st, start] = old.record_key.split('|');
          if (Number(s) === section?.record_id && Number(st) === user?.record_id && (!v.beginDate || v.beginDate === start)) {
            await repo.updateSectionTeacherEnd(this.trx, this.districtId, Number(s), Number(st), start!, v.endDate || null, v.primary === 'false' ? 'co-teacher' : 'primary');
            return { id: old.record_id, type: old.record_type, key: old.record_key };
          }
          await this.endEnrollment(old);
        }
        return make();
      },
    });
  }

  private async endEnrollment(old: repo.OneRosterRecordRow): Promise<void> {
    if (old.record_type === 'section_roster') await repo.endSectionRoster(this.trx, this.districtId, old.record_id!, this.today);
    else if (old.record_type === 'section_teacher' && old.record_key) {
      const [s, st, start] = old.record_key.split('|');
      await repo.updateSectionTeacherEnd(this.trx, this.districtId, Number(s), Number(st), start!, this.today);
    }
  }

  private async transcript(t: Transcript, hash: string): Promise<void> {
    const studentId = this.idOf('users', t.student.id)!;
    const entries = () => {
      const seq = new Map<string, number>();
      return t.marks.map((m) => {
        const term = `${m.schoolYear} ${m.term}`;
        const sequence = seq.get(term) ?? 0;
        seq.set(term, sequence + 1);
        return {
          district_id: this.districtId, student_id: studentId, school_id: null, course_id: this.courseByCode.get(m.course) ?? null, course_code: m.course,
          course_title: m.title ?? m.course, repeats_course_code: m.repeats, grade_level: m.gradeLevel, school_year: m.schoolYear, term: m.term, sequence,
          mark: m.mark, credits: String(m.credits), ag_area: m.ag, honors: m.honors, uc_honors: m.ucHonors, subject: m.subject, graduation_tags: m.tags,
          language: m.language, source: 'historical' as const,
        };
      });
    };
    await this.syncHashed(HOMEROOM_TRANSCRIPTS_FILE, 'transcripts', t.student.id, hash, {
      create: () => {
        for (const e of entries()) this.pendingMarks.push(e);
        return { id: studentId, type: 'transcript_entry' };
      },
      update: async () => {
        // The old system's history changed: each earlier mark is superseded by the new one at its
        // place (a correction row, with its reason), never overwritten.
        const current = await repo.historicalMarks(this.trx, this.districtId, studentId);
        await repo.insertTranscriptEntries(this.trx, entries().map((e, i) => (i < current.length
          ? { ...e, source: 'correction' as const, supersedes_id: current[i]!.id, correction_reason: "district import: the old system's transcript changed" }
          : e)));
      },
    });
  }

  private async programs(): Promise<void> {
    await this.records.load(['programs']);
    const touched = new Set<string>();
    const spells: repo.StudentProgram[] = [];
    const file = this.file(HOMEROOM_PROGRAMS_FILE);
    const openSpells = new Map<string, Set<string>>();
    for (const r of file ? packageRows(file) : []) {
      if (r.values.beginDate! <= this.today && (r.values.endDate === '' || r.values.endDate! >= this.today)) {
        const set = openSpells.get(r.values.studentSourcedId!) ?? new Set<string>();
        set.add(r.values.program!);
        openSpells.set(r.values.studentSourcedId!, set);
      }
      const v = r.values;
      const studentId = this.idOf('users', v.studentSourcedId!)!;
      const write = () => {
        touched.add(v.studentSourcedId!);
        spells.push({ district_id: this.districtId, student_id: studentId, program: v.program!, begin_date: v.beginDate!, end_date: v.endDate || null });
      };
      await this.sync(HOMEROOM_PROGRAMS_FILE, 'programs', `${v.studentSourcedId}|${v.program}|${v.beginDate}`, v, {
        create: () => {
          write();
          return { id: studentId, type: 'student_program' };
        },
        update: async () => write(),
      });
    }
    await repo.upsertStudentPrograms(this.trx, spells);
    await repo.setStudentFlags(this.trx, this.districtId, [...touched].map((student) => {
      const open = openSpells.get(student) ?? new Set<string>();
      return {
        id: this.idOf('users', student)!, el_status: open.has('el') ? 'EL' : null, iep: open.has('sped'), section_504: open.has('504'), gifted: open.has('gate'),
        foster: open.has('foster'), homeless: open.has('homeless'), low_income: open.has('low-income'),
      };
    }));
    await this.flush();
    this.records.drop('programs');
  }
}

/**
 * A file's rows by sourcedId, read in step with the file being written (demographics.csv beside
 * users.csv: a district's system writes both in the same order), holding only the rows read ahead
 * of the one asked for. `has` says which ids have a row, so a user without one reads nothing.
 */
class RowsAhead {
  private readonly rows: Iterator<PackageRow>;
  private readonly ahead = new Map<string, Record<string, string>>();
  private last: { id: string; values: Record<string, string> } | null = null;

  constructor(rows: Iterable<PackageRow>, private readonly has: (id: string) => boolean) {
    this.rows = rows[Symbol.iterator]();
  }

  get(id: string): Record<string, string> | undefined {
    if (this.last?.id === id) return this.last.values;
    if (!this.has(id)) return undefined;
    let values = this.ahead.get(id);
    if (values !== undefined) this.ahead.delete(id);
    while (values === undefined) {
      const next = this.rows.next();
      if (next.done) return undefined;
      const sourcedId = next.value.values.sourcedId!;
      if (sourcedId === id) values = next.value.values;
      else if (!this.ahead.has(sourcedId)) this.ahead.set(sourcedId, next.value.values);
    }
    this.last = { id, values };
    return values;
  }
}

const RACES: [string, string][] = [
  ['americanIndianOrAlaskaNative', 'american-indian-or-alaska-native'], ['asian', 'asian'], ['blackOrAfricanAmerican', 'black-or-african-american'],
  ['nativeHawaiianOrOtherPacificIslander', 'native-hawaiian-or-other-pacific-islander'], ['white', 'white'],
];

/**
 * The state ID among a user's userIds, the binding's list of `{type:identifier}` (a type that
 * names the state: stateId, as Homeroom writes it, or a state's own label such as SSID).
 */
export function stateIdOf(userIds: string): string | null {
  for (const entry of userIds.split(',')) {
    const m = /^\s*\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}\s*$/.exec(entry);
    if (m && /^(stateid|ssid|seid|state)$/i.test(m[1]!) && m[2]) return m[2];
  }
  return null;
}

function studentDemographics(d: Record<string, string>) {
  return {
    ...(d.birthDate ? { birth_date: d.birthDate } : {}),
    gender: d.sex === 'female' ? 'F' : d.sex === 'male' ? 'M' : 'X',
    hispanic_latino: d.hispanicOrLatinoEthnicity === '' ? null : d.hispanicOrLatinoEthnicity === 'true',
    races: RACES.filter(([column]) => d[column] === 'true').map(([, race]) => race),
  };
}
