// The district import package (shared/formats/district-import.md): OneRoster 1.2 CSV files plus
// Homeroom's own files, checked to the letter before anything is written. Pure: the server reads
// the files (folder or zip, sizes, encoding) and hands their text here; this module says what is
// wrong with them, by file, row and column, with stable codes, and reads the rows again for the writer.
import { safeParseTranscript, AG_AREAS, SUBJECTS, type Transcript } from '../transcript.ts';
import {
  CsvReader, CsvSyntaxError, FILE_MODES, IMPORTED_DATA_FILES, MANIFEST_FILE_NAME, MANIFEST_HEADERS, MANIFEST_OPTIONAL_PROPERTIES,
  ONEROSTER_DATA_FILES, ONEROSTER_FILES, ONEROSTER_MANIFEST_VERSION, ONEROSTER_VERSION, dataFileOfName, isOneRosterDate,
  isOneRosterDateTime, splitOneRosterList, type FileMode, type ImportedDataFile, type OneRosterDataFile, type OneRosterField,
} from './csv-binding.ts';
import { IdMap } from './id-map.ts';
import { Reconciler, type Reconciliation } from './reconciliation.ts';

export const IMPORT_REPORT_FORMAT = 'homeroom.import-report/v1';
export const HOMEROOM_COURSES_FILE = 'homeroom-courses.csv';
export const HOMEROOM_TRANSCRIPTS_FILE = 'homeroom-transcripts.jsonl';
export const HOMEROOM_PROGRAMS_FILE = 'homeroom-programs.csv';
export const HOMEROOM_LEGACY_FIGURES_FILE = 'homeroom-legacy-figures.csv';
export const HOMEROOM_FILES = [HOMEROOM_COURSES_FILE, HOMEROOM_TRANSCRIPTS_FILE, HOMEROOM_PROGRAMS_FILE, HOMEROOM_LEGACY_FIGURES_FILE] as const;

export const HOMEROOM_COURSES_HEADERS = ['courseSourcedId', 'credits', 'term', 'ag', 'honors', 'ucHonors', 'subject', 'tags', 'language'] as const;
export const HOMEROOM_PROGRAMS_HEADERS = ['studentSourcedId', 'program', 'beginDate', 'endDate'] as const;
export const LEGACY_FIGURES = ['ucGpa', 'csuGpa', 'districtGpa', 'districtUnweightedGpa', 'creditsEarned'] as const;
export type LegacyFigure = (typeof LEGACY_FIGURES)[number];
export const HOMEROOM_LEGACY_FIGURES_HEADERS = ['studentSourcedId', ...LEGACY_FIGURES] as const;

/** The report keeps at most this many problems; `problemCount` is the total. */
export const REPORT_PROBLEM_LIMIT = 1000;

/** One thing wrong with the package. `row` counts the header as row 1 (a JSONL line is its own
 * number); null with `column` null for a problem of the whole file. */
export interface ImportProblem {
  file: string;
  row: number | null;
  column: string | null;
  code: string;
  message: string;
}

/** A data row with its row number, fields by header name. */
export interface PackageRow {
  row: number;
  values: Record<string, string>;
}

export interface TranscriptLine {
  row: number;
  transcript: Transcript;
}

/** The text of one file of the package, already decoded (the reader refuses non-UTF-8). */
export interface PackageFileText {
  name: string;
  /** Pieces of the text in order (a large file need not be one string). */
  text: string | Iterable<string>;
}

/** What the database already holds, for a delta's references to records imported earlier. */
export interface ImportedBefore {
  has(file: ImportedDataFile, sourcedId: string): boolean;
  /** The primary role of a user imported earlier (student, teacher, …), or null. */
  roleOf(userSourcedId: string): string | null;
}

export const NOTHING_IMPORTED_BEFORE: ImportedBefore = { has: () => false, roleOf: () => null };

export interface CheckedPackage {
  /** `file.<name>` of the manifest, for every data file. */
  modes: Partial<Record<OneRosterDataFile, FileMode>>;
  /** The report's `package.files`: each file present, with its mode (`present` for Homeroom files). */
  files: Record<string, string>;
  notImported: string[];
  /** Data rows read per file. */
  rows: Record<string, number>;
  problems: ImportProblem[];
  /** The rows of the small files, which the writer sorts and looks through (a district has a
   * thousand schools, a few dozen sessions, some thousands of courses); null when not read. */
  orgs: PackageRow[] | null;
  academicSessions: PackageRow[] | null;
  courses: PackageRow[] | null;
  homeroomCourses: PackageRow[];
  /** What the writer needs of the large files, kept compactly by sourcedId: their rows are read
   * again from the package when they are written (packageRows). */
  facts: PackageFacts;
  /** Homeroom's figures against the old system's, computed as each transcript line is checked. */
  reconciliation: Reconciliation;
}

export interface PackageFacts {
  /** The primary role of a user in roles.csv. */
  primaryRoleOf(user: string): string | undefined;
  /** Rows of enrollments.csv with role student naming the class. */
  studentsInClass(cls: string): number;
  /** The first of a class's termSourcedIds. */
  firstTermOf(cls: string): string | undefined;
  /** A user's `grades` in users.csv ('' when blank or not there). */
  gradesOf(user: string): string;
  /** The user has a row in demographics.csv. */
  hasDemographics(user: string): boolean;
}

const STUDENT_ROLES = new Set(['student']);
const GUARDIAN_ROLES = new Set(['guardian', 'parent', 'relative']);
export { STUDENT_ROLES, GUARDIAN_ROLES };

/** Short texts that many rows share (roles, grade lists, term ids), each kept once, by number. */
class Texts {
  private readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  numberOf(text: string): number {
    let n = this.index.get(text);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(text);
      this.index.set(text, n);
    }
    return n;
  }
  textOf(n: number | undefined): string | undefined {
    return n === undefined ? undefined : this.list[n];
  }
}

/**
 * The problems in the order the report gives them: the manifest and the files; then each file's
 * own (its reading, then its rows); then references, file by file; then the checks across files.
 * Files are read once, in a stream, so a check across files may find its problems before the
 * problems that come before it in the report.
 */
class Problems {
  private readonly groups = new Map<string, ImportProblem[]>();
  constructor(order: readonly string[]) {
    for (const group of order) this.groups.set(group, []);
  }
  in(group: string): Report {
    const list = this.groups.get(group);
    if (!list) throw new Error(`district package: no problem group ${group}`);
    return (file, row, column, code, message) => void list.push({ file, row, column, code, message });
  }
  /** A file that turned out not to be RFC 4180 has that one problem: what its rows gave is dropped. */
  clear(groups: readonly string[]): void {
    for (const group of groups) this.groups.get(group)!.length = 0;
  }
  drop(group: string, problem: ImportProblem): void {
    const list = this.groups.get(group)!;
    list.splice(list.indexOf(problem), 1);
  }
  last(group: string): ImportProblem {
    return this.groups.get(group)!.at(-1)!;
  }
  all(): ImportProblem[] {
    return [...this.groups.values()].flat();
  }
}

/** The checks across files, after every file's own, in the report's order. */
const ACROSS = ['roleConflict', 'noRole', 'birthDate', 'demographicsRef', 'sessionOrder', 'roleOrder', 'classes', 'enrollments',
  'homeroom-courses', 'homeroom-programs:read', 'homeroom-programs', 'homeroom-legacy-figures:read', 'homeroom-legacy-figures', 'homeroom-transcripts'] as const;

/** Files kept as rows: small, and the writer sorts them. */
const KEPT_FILES = new Set<OneRosterDataFile>(['orgs', 'academicSessions', 'courses']);

/** Checks a whole package. Every problem is listed, not only the first. Each file is read once
 * (users.csv twice); what later checks and the writer need of it is kept by sourcedId, compactly. */
export function checkDistrictPackage(input: PackageFileText[], before: ImportedBefore = NOTHING_IMPORTED_BEFORE): CheckedPackage {
  const groups = new Problems(['head', ...IMPORTED_DATA_FILES.flatMap((f) => [`read:${f}`, `rows:${f}`]), ...IMPORTED_DATA_FILES.map((f) => `refs:${f}`), ...ACROSS]);
  const result: CheckedPackage = {
    modes: {}, files: {}, notImported: [], rows: {}, problems: [], orgs: null, academicSessions: null, courses: null, homeroomCourses: [],
    facts: null as unknown as PackageFacts, reconciliation: null as unknown as Reconciliation,
  };
  const byName = new Map(input.map((f) => [f.name, f]));
  const problem = groups.in('head');

  // ---- manifest ----
  const manifest = byName.get(MANIFEST_FILE_NAME);
  if (!manifest) problem(MANIFEST_FILE_NAME, null, null, 'manifest-missing', 'the package has no manifest.csv, which the OneRoster CSV binding requires');
  else checkManifest(manifest, result, problem);

  // ---- which files are there ----
  for (const f of input) {
    if (f.name === MANIFEST_FILE_NAME) continue;
    const dataFile = dataFileOfName(f.name);
    if (dataFile) {
      const mode = result.modes[dataFile];
      if (manifest && mode === 'absent') {
        problem(f.name, null, null, 'file-declared-absent', `${f.name} is in the package but manifest.csv declares file.${dataFile} absent`);
        continue;
      }
      if (!ONEROSTER_FILES[dataFile].imported) {
        result.notImported.push(f.name);
        result.files[f.name] = mode ?? 'bulk';
        continue;
      }
      result.files[f.name] = mode ?? 'bulk';
    } else if ((HOMEROOM_FILES as readonly string[]).includes(f.name)) {
      result.files[f.name] = 'present';
    } else {
      problem(f.name, null, null, 'unknown-file', `${f.name} is neither a file of the OneRoster 1.2 CSV binding nor one of Homeroom's files (${HOMEROOM_FILES.join(', ')})`);
    }
  }
  for (const dataFile of ONEROSTER_DATA_FILES) {
    const mode = result.modes[dataFile];
    if ((mode === 'bulk' || mode === 'delta') && !byName.has(`${dataFile}.csv`)) {
      problem(MANIFEST_FILE_NAME, null, 'value', 'declared-file-missing', `manifest.csv declares file.${dataFile} ${mode} but ${dataFile}.csv is not in the package`);
    }
  }
  result.notImported.sort();

  // ---- what is kept of the files, by sourcedId ----
  // A file whose header is wrong is not read: references into it are not checked, so that one
  // wrong header gives one problem, not one per row that points at the file.
  const unreadable = new Set<OneRosterDataFile>();
  /** Each file's sourcedIds, with the row that first uses each. */
  const ids = new Map<OneRosterDataFile, IdMap>(IMPORTED_DATA_FILES.map((f) => [f, new IdMap()]));
  const orgType = new Map<string, string>();
  const sessions = new Map<string, PackageRow>();
  const texts = new Texts();
  let primaryRole = new IdMap();
  const gradesOfUser = new IdMap();
  const studentsInClass = new IdMap();
  const firstTerm = new IdMap();
  // A class's sessions span, as the number of its text `start|end` (-1: none).
  let classSpan = new IdMap();
  // demographics: 2·row + 1 when the row has a birthDate.
  let demographics = new IdMap();

  const exists = (file: OneRosterDataFile, id: string): boolean => {
    if (ids.get(file)?.has(id) || unreadable.has(file)) return true;
    return (IMPORTED_DATA_FILES as readonly string[]).includes(file) && before.has(file as ImportedDataFile, id);
  };
  const referencingFields = (dataFile: ImportedDataFile) => ONEROSTER_FILES[dataFile].fields.filter((field) => field.references
    && ((IMPORTED_DATA_FILES as readonly string[]).includes(field.references) || byName.has(`${field.references}.csv`)));
  const checkReferences = (dataFile: ImportedDataFile, r: PackageRow, fields: readonly OneRosterField[], p: Report) => {
    for (const field of fields) {
      const raw = r.values[field.name] ?? '';
      const targets = field.kind === 'list' ? splitOneRosterList(raw) : raw === '' ? [] : [raw];
      for (const t of targets) {
        if (!exists(field.references!, t)) {
          p(`${dataFile}.csv`, r.row, field.name, 'unknown-reference', `${field.name} "${t}" is not a sourcedId of ${field.references}.csv${result.modes[dataFile] === 'delta' ? ' nor of a record imported before' : ''}`);
        }
      }
    }
  };
  const checkSchool = (p: Report, file: string, r: PackageRow, column: string) => {
    const type = orgType.get(r.values[column] ?? '');
    if (type !== undefined && type !== 'school') p(file, r.row, column, 'not-a-school', `${column} "${r.values[column]}" is an org of type ${type}, not school`);
  };
  const roleOf = (user: string): string | null => texts.textOf(primaryRole.get(user)) ?? before.roleOf(user);

  // ---- read the OneRoster files, each once ----
  for (const dataFile of IMPORTED_DATA_FILES) {
    const f = byName.get(`${dataFile}.csv`);
    if (!f || result.files[f.name] === undefined) continue;
    const mode = result.modes[dataFile] === 'delta' ? 'delta' : 'bulk';
    const fields = ONEROSTER_FILES[dataFile].fields;
    const byId = ids.get(dataFile)!;
    const rowsGroup = `rows:${dataFile}`;
    const p = groups.in(rowsGroup);
    const kept: PackageRow[] = [];
    // Checked as the rows are read: references into files read before this one.
    const inline = referencingFields(dataFile).filter((field) => field.references !== dataFile);
    const refs = KEPT_FILES.has(dataFile) || dataFile === 'users' ? null : groups.in(`refs:${dataFile}`);
    const duplicates: { problem: ImportProblem; id: string; first: number }[] = [];
    const perRow = rowChecks(dataFile);
    const ok = streamTable(f, fields.map((x) => x.name), result, groups.in(`read:${dataFile}`), (r) => {
      checkFields(f.name, r, fields, p);
      checkStatus(f.name, r, mode, p);
      const id = r.values.sourcedId!;
      if (id !== '') {
        const first = byId.setIfAbsent(id, r.row);
        if (first !== undefined) {
          p(f.name, r.row, 'sourcedId', 'duplicate-sourced-id', `sourcedId "${id}" is already used on row ${first}`);
          duplicates.push({ problem: groups.last(rowsGroup), id, first });
        }
      }
      if (refs) checkReferences(dataFile, r, inline, refs);
      if (KEPT_FILES.has(dataFile)) kept.push(r);
      perRow(r);
    });
    if (!ok) {
      unreadable.add(dataFile);
      groups.clear([rowsGroup, `refs:${dataFile}`, ...acrossGroupsOf(dataFile)]);
      forget(dataFile);
      continue;
    }
    if (duplicates.length > 0) confirmDuplicates(f, duplicates, (d) => groups.drop(rowsGroup, d.problem));
    if (dataFile === 'orgs') result.orgs = kept;
    if (dataFile === 'academicSessions') result.academicSessions = kept;
    if (dataFile === 'courses') result.courses = kept;
  }

  /** What a file's rows leave for the checks and files after it. */
  function rowChecks(dataFile: ImportedDataFile): (r: PackageRow) => void {
    switch (dataFile) {
      case 'orgs':
        return (r) => {
          if (!orgType.has(r.values.sourcedId!)) orgType.set(r.values.sourcedId!, r.values.type!);
        };
      case 'academicSessions':
        return (r) => {
          if (!sessions.has(r.values.sourcedId!)) sessions.set(r.values.sourcedId!, r);
        };
      case 'classes': {
        const p = groups.in('classes');
        return (r) => {
          checkSchool(p, 'classes.csv', r, 'schoolSourcedId');
          const terms = splitOneRosterList(r.values.termSourcedIds ?? '');
          for (const t of terms) {
            const s = sessions.get(t);
            if (s && s.values.type === 'gradingPeriod') p('classes.csv', r.row, 'termSourcedIds', 'not-a-term', `termSourcedIds "${t}" is a grading period; a class meets in terms, semesters or school years`);
          }
          const id = r.values.sourcedId!;
          if (classSpan.has(id)) return;
          const known = terms.map((t) => sessions.get(t)).filter((s): s is PackageRow => s !== undefined);
          const start = known.map((t) => t.values.startDate!).filter(isOneRosterDate).sort()[0];
          const end = known.map((t) => t.values.endDate!).filter(isOneRosterDate).sort().at(-1);
          classSpan.set(id, known.length === 0 ? -1 : texts.numberOf(`${start ?? ''}|${end ?? ''}`));
          if (terms[0] !== undefined) firstTerm.set(id, texts.numberOf(terms[0]));
        };
      }
      case 'users':
        return (r) => {
          if (r.values.grades !== '' && !gradesOfUser.has(r.values.sourcedId!)) gradesOfUser.set(r.values.sourcedId!, texts.numberOf(r.values.grades!));
        };
      case 'roles': {
        const conflict = groups.in('roleConflict');
        const order = groups.in('roleOrder');
        return (r) => {
          if (r.values.roleType === 'primary' && r.values.status !== 'tobedeleted') {
            const user = r.values.userSourcedId!;
            const had = texts.textOf(primaryRole.get(user));
            if (had !== undefined && had !== r.values.role) conflict('roles.csv', r.row, 'role', 'conflicting-primary-role', `user "${user}" already has the primary role ${had}`);
            else primaryRole.set(user, texts.numberOf(r.values.role!));
          }
          checkDateOrder('roles.csv', r, 'beginDate', 'endDate', order);
        };
      }
      case 'enrollments': {
        const p = groups.in('enrollments');
        return (r) => {
          checkSchool(p, 'enrollments.csv', r, 'schoolSourcedId');
          checkDateOrder('enrollments.csv', r, 'beginDate', 'endDate', p);
          const cls = r.values.classSourcedId ?? '';
          if (r.values.role === 'student') studentsInClass.set(cls, (studentsInClass.get(cls) ?? 0) + 1);
          const span = texts.textOf(classSpan.get(cls) ?? -1);
          if (span === undefined || (r.values.beginDate === '' && r.values.endDate === '')) return;
          const [start, end] = span.split('|');
          for (const column of ['beginDate', 'endDate'] as const) {
            const day = r.values[column] ?? '';
            if (!isOneRosterDate(day) || !start || !end) continue;
            if (day < start || day > end) {
              p('enrollments.csv', r.row, column, 'enrollment-outside-session', `${column} ${day} is outside the class's sessions (${start} to ${end})`);
            }
          }
        };
      }
      case 'demographics': {
        const p = groups.in('demographicsRef');
        return (r) => {
          const id = r.values.sourcedId!;
          if (id !== '' && !demographics.has(id)) demographics.set(id, 2 * r.row + (r.values.birthDate !== '' ? 1 : 0));
          if (id !== '' && !exists('users', id)) p('demographics.csv', r.row, 'sourcedId', 'unknown-reference', `sourcedId "${id}" is not a sourcedId of users.csv`);
        };
      }
      default:
        return () => {};
    }
  }
  function acrossGroupsOf(dataFile: ImportedDataFile): string[] {
    return ({ classes: ['classes'], roles: ['roleConflict', 'roleOrder'], enrollments: ['enrollments'], demographics: ['demographicsRef'] } as Partial<Record<ImportedDataFile, string[]>>)[dataFile] ?? [];
  }
  /** A file that is not read leaves nothing behind: as if it had no rows. */
  function forget(dataFile: ImportedDataFile): void {
    ids.set(dataFile, new IdMap());
    if (dataFile === 'orgs') orgType.clear();
    if (dataFile === 'academicSessions') sessions.clear();
    if (dataFile === 'classes') classSpan = new IdMap();
    if (dataFile === 'roles') primaryRole = new IdMap();
    if (dataFile === 'demographics') demographics = new IdMap();
  }

  // ---- references within a file, and of the small files, once every id is known ----
  for (const dataFile of ['orgs', 'academicSessions', 'courses'] as const) {
    const rows = result[dataFile];
    const fields = referencingFields(dataFile);
    const p = groups.in(`refs:${dataFile}`);
    for (const r of rows ?? []) checkReferences(dataFile, r, fields, p);
  }
  for (const r of result.academicSessions ?? []) checkDateOrder('academicSessions.csv', r, 'startDate', 'endDate', groups.in('sessionOrder'));

  // ---- users again: their agents, their primary role and (students) their birth date ----
  const users = byName.get('users.csv');
  if (users && result.files['users.csv'] !== undefined && !unreadable.has('users')) {
    const refs = groups.in('refs:users');
    const noRole = groups.in('noRole');
    const birth = groups.in('birthDate');
    const fields = referencingFields('users');
    for (const r of packageRows(users)) {
      if (r.values.sourcedId === undefined) continue;
      checkReferences('users', r, fields, refs);
      const id = r.values.sourcedId;
      if (r.values.status === 'tobedeleted') continue;
      if (roleOf(id) === null) noRole('users.csv', r.row, 'sourcedId', 'user-without-primary-role', `user "${id}" has no primary role in roles.csv`);
      // Homeroom keeps a birth date for every student (state reporting needs it): a new student
      // needs one in demographics.csv.
      if (texts.textOf(primaryRole.get(id)) === 'student' && ((demographics.get(id) ?? 0) & 1) === 0 && !before.has('users', id)) {
        birth('users.csv', r.row, 'sourcedId', 'birth-date-missing', `student "${id}" has no birthDate in demographics.csv; Homeroom keeps one for every student`);
      }
    }
  }

  // ---- Homeroom files ----
  const isStudent = (id: string) => roleOf(id) === 'student';
  const knownCourse = (id: string) => ids.get('courses')!.has(id) || before.has('courses', id) || unreadable.has('courses');
  const knownStudent = (id: string) => unreadable.has('users') || unreadable.has('roles') || ((ids.get('users')!.has(id) || before.has('users', id)) && isStudent(id));
  const hc = byName.get(HOMEROOM_COURSES_FILE);
  if (hc) {
    const p0 = groups.in('homeroom-courses');
    const rows = readTable(hc, [...HOMEROOM_COURSES_HEADERS], result, p0) ?? [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const v = r.values;
      const p = (column: string, code: string, message: string) => p0(HOMEROOM_COURSES_FILE, r.row, column, code, message);
      if (v.courseSourcedId === '') p('courseSourcedId', 'required-field-missing', 'courseSourcedId is required');
      else if (!knownCourse(v.courseSourcedId!)) p('courseSourcedId', 'unknown-reference', `courseSourcedId "${v.courseSourcedId}" is not a sourcedId of courses.csv`);
      else if (seen.has(v.courseSourcedId!)) p('courseSourcedId', 'duplicate-sourced-id', `course "${v.courseSourcedId}" already has attributes on row ${seen.get(v.courseSourcedId!)}`);
      else seen.set(v.courseSourcedId!, r.row);
      if (!isDecimal(v.credits!)) p('credits', 'invalid-decimal', `credits must be a non-negative decimal, not "${v.credits}"`);
      enumField(v, 'term', ['year', 'sem'], false, p);
      enumField(v, 'ag', AG_AREAS, true, p);
      enumField(v, 'honors', ['none', 'honors', 'ap', 'ib'], false, p);
      if (v.ucHonors !== 'true' && v.ucHonors !== 'false') p('ucHonors', 'invalid-boolean', `ucHonors must be true or false, not "${v.ucHonors}"`);
      enumField(v, 'subject', SUBJECTS, true, p);
      if (v.ag === 'e' && v.language === '') p('language', 'required-field-missing', 'language is required for a course of A-G area e');
    }
    result.homeroomCourses = rows;
  }
  const pr = byName.get(HOMEROOM_PROGRAMS_FILE);
  if (pr) {
    const p0 = groups.in('homeroom-programs');
    const ok = streamTable(pr, [...HOMEROOM_PROGRAMS_HEADERS], result, groups.in('homeroom-programs:read'), (r) => {
      const v = r.values;
      const p = (column: string, code: string, message: string) => p0(HOMEROOM_PROGRAMS_FILE, r.row, column, code, message);
      if (!knownStudent(v.studentSourcedId!)) p('studentSourcedId', 'unknown-reference', `studentSourcedId "${v.studentSourcedId}" is not a student of users.csv`);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(v.program!)) p('program', 'invalid-enumeration', `program must be a lower-case program code (el, sped, 504, gate, …), not "${v.program}"`);
      if (!isOneRosterDate(v.beginDate!)) p('beginDate', 'invalid-date', `beginDate must be a day that exists, written YYYY-MM-DD, not "${v.beginDate}"`);
      if (v.endDate !== '' && !isOneRosterDate(v.endDate!)) p('endDate', 'invalid-date', `endDate must be blank or a day that exists, written YYYY-MM-DD, not "${v.endDate}"`);
      checkDateOrder(HOMEROOM_PROGRAMS_FILE, r, 'beginDate', 'endDate', p0);
    });
    if (!ok) groups.clear(['homeroom-programs']);
  }
  // The old system's figures, by student: the five of them in one text, until the student's transcript comes.
  const legacyOf = new IdMap();
  const legacyTexts: string[] = [];
  const lf = byName.get(HOMEROOM_LEGACY_FIGURES_FILE);
  if (lf) {
    const seen = new IdMap();
    const p0 = groups.in('homeroom-legacy-figures');
    const ok = streamTable(lf, [...HOMEROOM_LEGACY_FIGURES_HEADERS], result, groups.in('homeroom-legacy-figures:read'), (r) => {
      const v = r.values;
      const p = (column: string, code: string, message: string) => p0(HOMEROOM_LEGACY_FIGURES_FILE, r.row, column, code, message);
      if (!knownStudent(v.studentSourcedId!)) p('studentSourcedId', 'unknown-reference', `studentSourcedId "${v.studentSourcedId}" is not a student of users.csv`);
      else {
        const first = seen.setIfAbsent(v.studentSourcedId!, r.row);
        if (first !== undefined) p('studentSourcedId', 'duplicate-sourced-id', `student "${v.studentSourcedId}" already has figures on row ${first}`);
      }
      for (const figure of LEGACY_FIGURES) {
        if (v[figure] !== '' && !isDecimal(v[figure]!)) p(figure, 'invalid-decimal', `${figure} must be blank or a non-negative decimal, not "${v[figure]}"`);
      }
      if (!legacyOf.has(v.studentSourcedId!)) {
        legacyOf.set(v.studentSourcedId!, legacyTexts.length);
        legacyTexts.push(LEGACY_FIGURES.map((figure) => v[figure]).join(','));
      }
    });
    if (!ok) groups.clear(['homeroom-legacy-figures']);
  }
  const reconciler = new Reconciler();
  const tr = byName.get(HOMEROOM_TRANSCRIPTS_FILE);
  if (tr) {
    const seen = new IdMap();
    const p0 = groups.in('homeroom-transcripts');
    const lines = checkTranscriptLines(tr, p0, (line, transcript) => {
      const id = transcript.student.id;
      const first = knownStudent(id) ? seen.setIfAbsent(id, line) : undefined;
      if (!knownStudent(id)) p0(HOMEROOM_TRANSCRIPTS_FILE, line, 'student.id', 'unknown-reference', `student.id "${id}" is not a student of users.csv`);
      else if (first !== undefined) p0(HOMEROOM_TRANSCRIPTS_FILE, line, 'student.id', 'duplicate-student', `student "${id}" already has a transcript on line ${first}`);
      else {
        const legacy = legacyOf.get(id);
        if (legacy !== undefined) {
          const values = legacyTexts[legacy]!.split(',');
          reconciler.add(id, transcript, Object.fromEntries(LEGACY_FIGURES.map((figure, i) => [figure, values[i]!])) as Record<LegacyFigure, string>);
        }
      }
    });
    result.rows[HOMEROOM_TRANSCRIPTS_FILE] = lines;
  }
  result.reconciliation = reconciler.result();
  result.problems = groups.all();
  result.facts = {
    primaryRoleOf: (user) => texts.textOf(primaryRole.get(user)),
    studentsInClass: (cls) => studentsInClass.get(cls) ?? 0,
    firstTermOf: (cls) => texts.textOf(firstTerm.get(cls)),
    gradesOf: (user) => texts.textOf(gradesOfUser.get(user)) ?? '',
    hasDemographics: (user) => demographics.has(user),
  };
  return result;
}

/**
 * Checks each line of the transcripts file as `transcript.md` checks a transcript, handing each
 * good one to `onTranscript` (nothing is kept); gives the number of lines.
 */
function checkTranscriptLines(f: PackageFileText, problem: Report, onTranscript: (line: number, transcript: Transcript) => void): number {
  let lines = 0;
  for (const { line, text } of jsonLines(f.text)) {
    lines++;
    const p = (column: string | null, code: string, message: string) => problem(HOMEROOM_TRANSCRIPTS_FILE, line, column, code, message);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      p(null, 'invalid-json', `line ${line} is not JSON: ${(error as Error).message}`);
      continue;
    }
    const parsed = safeParseTranscript(value);
    if (!parsed.ok) {
      p(transcriptFieldPath(parsed.error), 'invalid-transcript', `line ${line}: ${parsed.error}`);
      continue;
    }
    onTranscript(line, parsed.transcript);
  }
  return lines;
}

/** The transcripts of a checked package, read again line by line (the writer's). */
export function* packageTranscripts(f: PackageFileText): Generator<Transcript> {
  for (const { text } of jsonLines(f.text)) {
    const parsed = safeParseTranscript(JSON.parse(text));
    if (parsed.ok) yield parsed.transcript;
  }
}

/**
 * A duplicate found by hash is confirmed from the file's text: the row it was first seen on must
 * hold the same sourcedId (two ids of one hash are one in 10^12 at a district's size, but a false
 * refusal would stop an import that is right).
 */
function confirmDuplicates(f: PackageFileText, found: { problem: ImportProblem; id: string; first: number }[], notDuplicate: (d: { problem: ImportProblem }) => void): void {
  const wanted = new Map<number, string>();
  for (const d of found) wanted.set(d.first, '');
  for (const r of packageRows(f)) if (wanted.has(r.row)) wanted.set(r.row, r.values.sourcedId ?? '');
  for (const d of found) if (wanted.get(d.first) !== d.id) notDuplicate(d);
}

/** `marks[3] (230201).credits: must be …` → `marks[3].credits`, the field's path. */
export function transcriptFieldPath(message: string): string {
  const where = message.slice(0, message.indexOf(':') < 0 ? message.length : message.indexOf(':'));
  return where.replace(/ \([^)]*\)/, '');
}

function* jsonLines(text: string | Iterable<string>): Generator<{ line: number; text: string }> {
  let carry = '';
  let line = 0;
  const pieces = typeof text === 'string' ? [text] : text;
  for (const piece of pieces) {
    const parts = (carry + piece).split('\n');
    carry = parts.pop()!;
    for (const part of parts) {
      line++;
      const t = part.endsWith('\r') ? part.slice(0, -1) : part;
      if (t.trim() !== '') yield { line, text: t };
    }
  }
  if (carry !== '') {
    line++;
    const t = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
    if (t.trim() !== '') yield { line, text: t };
  }
}

type Report = (file: string, row: number | null, column: string | null, code: string, message: string) => void;


const rowMakers = new Map<string, (fields: string[]) => Record<string, string>>();

/**
 * The `values` of a row, made by a function written for the file's header: one object literal, its
 * fields in the header's order. Assigned one by one by name, the fields of a wide file (users.csv
 * has 23) turn the object into a hash table in V8, about six times the memory and thirty times the
 * time; a district's package has millions of rows. The names are the binding's own headers (the
 * file's header must equal them), quoted by JSON.stringify all the same.
 */
function rowMaker(headers: readonly string[]): (fields: string[]) => Record<string, string> {
  const key = headers.join(',');
  const cached = rowMakers.get(key);
  if (cached) return cached;
  const literal = headers.map((h, i) => `${JSON.stringify(h)}: f[${i}]`).join(', ');
  const make = new Function(`return function (f) { return {${literal}}; };`)() as (fields: string[]) => Record<string, string>;
  rowMakers.set(key, make);
  return make;
}

/**
 * The rows of a file of a checked package, read again from its text a piece at a time (the writer
 * reads each file this way: a district's rows are never all held). Its header names the fields.
 */
export function* packageRows(f: PackageFileText): Generator<PackageRow> {
  const reader = new CsvReader();
  let make: ((fields: string[]) => Record<string, string>) | null = null;
  let width = 0;
  let batch: PackageRow[] = [];
  const onRecord = (fields: string[], row: number) => {
    if (make === null) {
      make = rowMaker(fields);
      width = fields.length;
    } else if (fields.length === width) batch.push({ row, values: make(fields) });
  };
  for (const piece of typeof f.text === 'string' ? [f.text] : f.text) {
    reader.feed(piece, onRecord);
    yield* batch;
    batch = [];
  }
  reader.finish(onRecord);
  yield* batch;
}

/**
 * Reads a CSV file whose header must be exactly `headers`, in order, handing each good row to
 * `onRow` as it is parsed: neither the file's records nor its text are held. False (and the file's
 * one problem) when the file cannot be read: not RFC 4180, no header, a wrong header.
 */
function streamTable(f: PackageFileText, headers: string[], result: CheckedPackage, problem: Report, onRow: (r: PackageRow) => void): boolean {
  const reader = new CsvReader();
  const make = rowMaker(headers);
  // Reported only when the whole file is RFC 4180: a syntax error is the file's one problem.
  const wrongCounts: [number, number][] = [];
  let header: string[] | null = null;
  let headerOk = false;
  let data = 0;
  const onRecord = (fields: string[], row: number) => {
    if (header === null) {
      header = fields;
      headerOk = fields.length === headers.length && fields.every((h, i) => h === headers[i]);
      return;
    }
    data++;
    if (!headerOk) return;
    if (fields.length !== headers.length) wrongCounts.push([row, fields.length]);
    else onRow({ row, values: make(fields) });
  };
  try {
    for (const piece of typeof f.text === 'string' ? [f.text] : f.text) reader.feed(piece, onRecord);
    reader.finish(onRecord);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      problem(f.name, error.row, null, 'csv-syntax', `row ${error.row}: ${error.message}`);
      return false;
    }
    throw error;
  }
  result.rows[f.name] = data;
  const got = header as string[] | null;
  if (!got) {
    problem(f.name, 1, null, 'header-missing', `${f.name} is empty: it needs the header ${headers.join(',')}`);
    return false;
  }
  if (!headerOk) {
    const i = headers.findIndex((h, k) => got[k] !== h);
    const at = i < 0 ? headers.length : i;
    problem(f.name, 1, headers[at] ?? got[at] ?? null, 'header-mismatch',
      `the header must be exactly ${headers.join(',')}; column ${at + 1} is ${got[at] === undefined ? 'missing' : `"${got[at]}"`}${headers[at] ? `, expected "${headers[at]}"` : ''}`);
    return false;
  }
  for (const [row, count] of wrongCounts) problem(f.name, row, null, 'wrong-field-count', `row ${row} has ${count} fields; the header has ${headers.length}`);
  return true;
}

/** A small file's rows, all of them (null: the file cannot be read). */
function readTable(f: PackageFileText, headers: string[], result: CheckedPackage, problem: Report): PackageRow[] | null {
  const rows: PackageRow[] = [];
  return streamTable(f, headers, result, problem, (r) => rows.push(r)) ? rows : null;
}

function checkManifest(f: PackageFileText, result: CheckedPackage, problem: Report): void {
  const rows = readTable(f, [...MANIFEST_HEADERS], result, problem);
  delete result.rows[MANIFEST_FILE_NAME];
  if (!rows) return;
  const seen = new Map<string, number>();
  const known = new Set<string>(['manifest.version', 'oneroster.version', ...MANIFEST_OPTIONAL_PROPERTIES, ...ONEROSTER_DATA_FILES.map((n) => `file.${n}`)]);
  for (const r of rows) {
    const { propertyName: name, value } = r.values as { propertyName: string; value: string };
    if (seen.has(name)) {
      problem(MANIFEST_FILE_NAME, r.row, 'propertyName', 'manifest-duplicate-property', `${name} is already given on row ${seen.get(name)}`);
      continue;
    }
    seen.set(name, r.row);
    if (!known.has(name)) problem(MANIFEST_FILE_NAME, r.row, 'propertyName', 'manifest-unknown-property', `${name} is not a property of the OneRoster 1.2 manifest`);
    else if (name === 'manifest.version' && value !== ONEROSTER_MANIFEST_VERSION) problem(MANIFEST_FILE_NAME, r.row, 'value', 'manifest-version', `manifest.version must be ${ONEROSTER_MANIFEST_VERSION}, not "${value}"`);
    else if (name === 'oneroster.version' && value !== ONEROSTER_VERSION) problem(MANIFEST_FILE_NAME, r.row, 'value', 'oneroster-version', `oneroster.version must be ${ONEROSTER_VERSION}, not "${value}"`);
    else if (name.startsWith('file.')) {
      if (!(FILE_MODES as readonly string[]).includes(value)) problem(MANIFEST_FILE_NAME, r.row, 'value', 'invalid-enumeration', `${name} must be absent, bulk or delta, not "${value}"`);
      else result.modes[name.slice(5) as OneRosterDataFile] = value as FileMode;
    }
  }
  for (const name of ['manifest.version', 'oneroster.version', ...ONEROSTER_DATA_FILES.map((n) => `file.${n}`)]) {
    if (!seen.has(name)) problem(MANIFEST_FILE_NAME, null, 'propertyName', 'manifest-property-missing', `manifest.csv has no ${name} row`);
  }
}

function checkFields(file: string, r: PackageRow, fields: readonly OneRosterField[], problem: Report): void {
  for (const field of fields) {
    if (field.name === 'status' || field.name === 'dateLastModified') continue;
    const value = r.values[field.name] ?? '';
    if (value === '') {
      if (field.required) problem(file, r.row, field.name, 'required-field-missing', `${field.name} is required`);
      continue;
    }
    switch (field.kind) {
      case 'enum':
        if (!field.values!.includes(value)) problem(file, r.row, field.name, 'invalid-enumeration', `${field.name} must be one of ${field.values!.join(', ')}, not "${value}"`);
        break;
      case 'boolean':
        if (value !== 'true' && value !== 'false') problem(file, r.row, field.name, 'invalid-boolean', `${field.name} must be true or false, not "${value}"`);
        break;
      case 'date':
        if (!isOneRosterDate(value)) problem(file, r.row, field.name, 'invalid-date', `${field.name} must be a day that exists, written YYYY-MM-DD, not "${value}"`);
        break;
      case 'datetime':
        if (!isOneRosterDateTime(value)) problem(file, r.row, field.name, 'invalid-datetime', `${field.name} must be an ISO 8601 date and time, not "${value}"`);
        break;
      case 'year':
        if (!/^\d{4}$/.test(value)) problem(file, r.row, field.name, 'invalid-year', `${field.name} must be a year of four digits, not "${value}"`);
        break;
      case 'decimal':
        if (!/^-?\d+(\.\d+)?$/.test(value)) problem(file, r.row, field.name, 'invalid-decimal', `${field.name} must be a decimal number, not "${value}"`);
        break;
      default:
        break;
    }
  }
}

function checkStatus(file: string, r: PackageRow, mode: 'bulk' | 'delta', problem: Report): void {
  const { status = '', dateLastModified = '' } = r.values;
  if (mode === 'bulk') {
    if (status !== '') problem(file, r.row, 'status', 'status-in-bulk-file', `status must be blank in a bulk file, not "${status}"`);
    if (dateLastModified !== '') problem(file, r.row, 'dateLastModified', 'date-last-modified-in-bulk-file', `dateLastModified must be blank in a bulk file, not "${dateLastModified}"`);
    return;
  }
  if (status === '') problem(file, r.row, 'status', 'status-missing-in-delta-file', 'status is required in a delta file (active or tobedeleted)');
  else if (status !== 'active' && status !== 'tobedeleted') problem(file, r.row, 'status', 'invalid-enumeration', `status must be one of active, tobedeleted, not "${status}"`);
  if (dateLastModified === '') problem(file, r.row, 'dateLastModified', 'date-last-modified-missing-in-delta-file', 'dateLastModified is required in a delta file');
  else if (!isOneRosterDateTime(dateLastModified)) problem(file, r.row, 'dateLastModified', 'invalid-datetime', `dateLastModified must be an ISO 8601 date and time, not "${dateLastModified}"`);
}

function checkDateOrder(file: string, r: PackageRow, from: string, to: string, problem: Report): void {
  const a = r.values[from] ?? '';
  const b = r.values[to] ?? '';
  if (isOneRosterDate(a) && isOneRosterDate(b) && b < a) problem(file, r.row, to, 'end-before-start', `${to} ${b} is before ${from} ${a}`);
}

function enumField(v: Record<string, string>, column: string, values: readonly string[], blankAllowed: boolean, p: (column: string, code: string, message: string) => void): void {
  const value = v[column] ?? '';
  if (value === '' && blankAllowed) return;
  if (!values.includes(value)) p(column, 'invalid-enumeration', `${column} must be ${blankAllowed ? 'blank or ' : ''}one of ${values.join(', ')}, not "${value}"`);
}

function isDecimal(value: string): boolean {
  return /^\d+(\.\d+)?$/.test(value);
}
