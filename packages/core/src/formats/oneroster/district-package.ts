// The district import package (shared/formats/district-import.md): OneRoster 1.2 CSV files plus
// Homeroom's own files, checked to the letter before anything is written. Pure: the server reads
// the files (folder or zip, sizes, encoding) and hands their text here; this module says what is
// wrong with them, by file, row and column, with stable codes, and gives the rows back typed.
import { safeParseTranscript, AG_AREAS, SUBJECTS, type CourseEntry, type Mark, type Transcript } from '../transcript.ts';
import {
  CsvReader, CsvSyntaxError, FILE_MODES, IMPORTED_DATA_FILES, MANIFEST_FILE_NAME, MANIFEST_HEADERS, MANIFEST_OPTIONAL_PROPERTIES,
  ONEROSTER_DATA_FILES, ONEROSTER_FILES, ONEROSTER_MANIFEST_VERSION, ONEROSTER_VERSION, dataFileOfName, isOneRosterDate,
  isOneRosterDateTime, splitOneRosterList, type FileMode, type ImportedDataFile, type OneRosterDataFile, type OneRosterField,
} from './csv-binding.ts';

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
  oneroster: Partial<Record<ImportedDataFile, PackageRow[]>>;
  homeroomCourses: PackageRow[];
  programs: PackageRow[];
  legacyFigures: PackageRow[];
  transcripts: TranscriptLine[];
  /** The primary role of each user in the package (roles.csv). */
  primaryRole: Map<string, string>;
}

const STUDENT_ROLES = new Set(['student']);
const GUARDIAN_ROLES = new Set(['guardian', 'parent', 'relative']);
export { STUDENT_ROLES, GUARDIAN_ROLES };

/** Checks a whole package. Every problem is listed, not only the first. */
export function checkDistrictPackage(input: PackageFileText[], before: ImportedBefore = NOTHING_IMPORTED_BEFORE): CheckedPackage {
  const problems: ImportProblem[] = [];
  const result: CheckedPackage = {
    modes: {}, files: {}, notImported: [], rows: {}, problems, oneroster: {}, homeroomCourses: [], programs: [], legacyFigures: [], transcripts: [],
    primaryRole: new Map(),
  };
  const byName = new Map(input.map((f) => [f.name, f]));
  const problem = (file: string, row: number | null, column: string | null, code: string, message: string) => problems.push({ file, row, column, code, message });

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

  // ---- read the OneRoster files ----
  // A file whose header is wrong is not read: references into it are not checked, so that one
  // wrong header gives one problem, not one per row that points at the file.
  const unreadable = new Set<OneRosterDataFile>();
  // Each file's rows by sourcedId (the first row of an id that is used twice), filled as files are
  // read: a file read later takes its references' text from the rows they name (see canonicalFields).
  const ids = new Map<OneRosterDataFile, Map<string, PackageRow>>();
  const allFound = new Map<OneRosterDataFile, Set<string>>();
  for (const dataFile of IMPORTED_DATA_FILES) {
    const byId = new Map<string, PackageRow>();
    ids.set(dataFile, byId);
    const f = byName.get(`${dataFile}.csv`);
    if (!f || result.files[f.name] === undefined) continue;
    const mode = result.modes[dataFile] === 'delta' ? 'delta' : 'bulk';
    const fields = ONEROSTER_FILES[dataFile].fields;
    const found = new Set<string>();
    allFound.set(dataFile, found);
    const rows = readTable(f, fields.map((x) => x.name), result, problem, canonicalFields(dataFile, ids, found));
    if (!rows) {
      unreadable.add(dataFile);
      continue;
    }
    for (const r of rows) {
      checkFields(f.name, r, fields, problem);
      checkStatus(f.name, r, mode, problem);
      const id = r.values.sourcedId!;
      if (id !== '') {
        const first = byId.get(id);
        if (first !== undefined) problem(f.name, r.row, 'sourcedId', 'duplicate-sourced-id', `sourcedId "${id}" is already used on row ${first.row}`);
        else byId.set(id, r);
      }
    }
    result.oneroster[dataFile] = rows;
  }

  // ---- references, in the package or (delta) imported before ----
  const exists = (file: OneRosterDataFile, id: string): boolean => {
    if (ids.get(file)?.has(id) || unreadable.has(file)) return true;
    return (IMPORTED_DATA_FILES as readonly string[]).includes(file) && before.has(file as ImportedDataFile, id);
  };
  for (const dataFile of IMPORTED_DATA_FILES) {
    // Files Homeroom does not import are checked only when they are in the package.
    const referencing = ONEROSTER_FILES[dataFile].fields.filter((field) => field.references && !allFound.get(dataFile)?.has(field.name)
      && ((IMPORTED_DATA_FILES as readonly string[]).includes(field.references) || byName.has(`${field.references}.csv`)));
    if (referencing.length === 0) continue;
    for (const r of result.oneroster[dataFile] ?? []) {
      for (const field of referencing) {
        if (!field.references) continue;
        const raw = r.values[field.name] ?? '';
        const targets = field.kind === 'list' ? splitOneRosterList(raw) : raw === '' ? [] : [raw];
        for (const t of targets) {
          if (!exists(field.references, t)) {
            problem(`${dataFile}.csv`, r.row, field.name, 'unknown-reference', `${field.name} "${t}" is not a sourcedId of ${field.references}.csv${result.modes[dataFile] === 'delta' ? ' nor of a record imported before' : ''}`);
          }
        }
      }
    }
  }

  // ---- roles: every user needs one primary role Homeroom understands ----
  for (const r of result.oneroster.roles ?? []) {
    if (r.values.roleType === 'primary' && r.values.status !== 'tobedeleted') {
      const user = r.values.userSourcedId!;
      if (result.primaryRole.has(user) && result.primaryRole.get(user) !== r.values.role) {
        problem('roles.csv', r.row, 'role', 'conflicting-primary-role', `user "${user}" already has the primary role ${result.primaryRole.get(user)}`);
      } else result.primaryRole.set(user, r.values.role!);
    }
  }
  const roleOf = (user: string): string | null => result.primaryRole.get(user) ?? before.roleOf(user);
  for (const r of result.oneroster.users ?? []) {
    if (r.values.status === 'tobedeleted') continue;
    if (roleOf(r.values.sourcedId!) === null) {
      problem('users.csv', r.row, 'sourcedId', 'user-without-primary-role', `user "${r.values.sourcedId}" has no primary role in roles.csv`);
    }
  }

  // Homeroom keeps a birth date for every student (state reporting needs it): a new student needs
  // one in demographics.csv.
  const birthDates = new Set<string>();
  for (const r of result.oneroster.demographics ?? []) if (r.values.birthDate !== '') birthDates.add(r.values.sourcedId!);
  for (const r of result.oneroster.users ?? []) {
    const id = r.values.sourcedId!;
    if (r.values.status !== 'tobedeleted' && result.primaryRole.get(id) === 'student' && !birthDates.has(id) && !before.has('users', id)) {
      problem('users.csv', r.row, 'sourcedId', 'birth-date-missing', `student "${id}" has no birthDate in demographics.csv; Homeroom keeps one for every student`);
    }
  }
  for (const r of result.oneroster.demographics ?? []) {
    if (r.values.sourcedId !== '' && !exists('users', r.values.sourcedId!)) {
      problem('demographics.csv', r.row, 'sourcedId', 'unknown-reference', `sourcedId "${r.values.sourcedId}" is not a sourcedId of users.csv`);
    }
  }

  // ---- semantic checks: sessions, org types, enrollments within their session ----
  const sessions = ids.get('academicSessions')!;
  for (const r of result.oneroster.academicSessions ?? []) checkDateOrder('academicSessions.csv', r, 'startDate', 'endDate', problem);
  for (const r of result.oneroster.roles ?? []) checkDateOrder('roles.csv', r, 'beginDate', 'endDate', problem);
  const orgs = ids.get('orgs')!;
  const checkSchool = (file: string, r: PackageRow, column: string) => {
    const org = orgs.get(r.values[column] ?? '');
    if (org && org.values.type !== 'school') problem(file, r.row, column, 'not-a-school', `${column} "${r.values[column]}" is an org of type ${org.values.type}, not school`);
  };
  for (const r of result.oneroster.classes ?? []) {
    checkSchool('classes.csv', r, 'schoolSourcedId');
    for (const t of splitOneRosterList(r.values.termSourcedIds ?? '')) {
      const s = sessions.get(t);
      if (s && s.values.type === 'gradingPeriod') problem('classes.csv', r.row, 'termSourcedIds', 'not-a-term', `termSourcedIds "${t}" is a grading period; a class meets in terms, semesters or school years`);
    }
  }
  const classes = ids.get('classes')!;
  // A class's sessions span, once per class: a class has dozens of enrollments.
  const spans = new Map<PackageRow, { start: string | undefined; end: string | undefined } | null>();
  const spanOf = (cls: PackageRow) => {
    let span = spans.get(cls);
    if (span === undefined) {
      const terms = splitOneRosterList(cls.values.termSourcedIds ?? '').map((t) => sessions.get(t)).filter((s): s is PackageRow => s !== undefined);
      span = terms.length === 0 ? null : {
        start: terms.map((t) => t.values.startDate!).filter(isOneRosterDate).sort()[0],
        end: terms.map((t) => t.values.endDate!).filter(isOneRosterDate).sort().at(-1),
      };
      spans.set(cls, span);
    }
    return span;
  };
  for (const r of result.oneroster.enrollments ?? []) {
    checkSchool('enrollments.csv', r, 'schoolSourcedId');
    checkDateOrder('enrollments.csv', r, 'beginDate', 'endDate', problem);
    const cls = classes.get(r.values.classSourcedId ?? '');
    if (!cls) continue;
    const span = spanOf(cls);
    if (!span) continue;
    const { start, end } = span;
    if (r.values.beginDate === '' && r.values.endDate === '') continue;
    for (const column of ['beginDate', 'endDate'] as const) {
      const day = r.values[column] ?? '';
      if (!isOneRosterDate(day) || !start || !end) continue;
      if (day < start || day > end) {
        problem('enrollments.csv', r.row, column, 'enrollment-outside-session', `${column} ${day} is outside the class's sessions (${start} to ${end})`);
      }
    }
  }
  const isStudent = (id: string) => roleOf(id) === 'student';

  // ---- Homeroom files ----
  const courseIds = ids.get('courses')!;
  const knownCourse = (id: string) => courseIds.has(id) || before.has('courses', id) || unreadable.has('courses');
  const knownStudent = (id: string) => unreadable.has('users') || unreadable.has('roles') || ((ids.get('users')!.has(id) || before.has('users', id)) && isStudent(id));
  const hc = byName.get(HOMEROOM_COURSES_FILE);
  if (hc) {
    const rows = readTable(hc, [...HOMEROOM_COURSES_HEADERS], result, problem) ?? [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const v = r.values;
      const p = (column: string, code: string, message: string) => problem(HOMEROOM_COURSES_FILE, r.row, column, code, message);
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
    const rows = readTable(pr, [...HOMEROOM_PROGRAMS_HEADERS], result, problem) ?? [];
    for (const r of rows) {
      const v = r.values;
      const p = (column: string, code: string, message: string) => problem(HOMEROOM_PROGRAMS_FILE, r.row, column, code, message);
      if (!knownStudent(v.studentSourcedId!)) p('studentSourcedId', 'unknown-reference', `studentSourcedId "${v.studentSourcedId}" is not a student of users.csv`);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(v.program!)) p('program', 'invalid-enumeration', `program must be a lower-case program code (el, sped, 504, gate, …), not "${v.program}"`);
      if (!isOneRosterDate(v.beginDate!)) p('beginDate', 'invalid-date', `beginDate must be a day that exists, written YYYY-MM-DD, not "${v.beginDate}"`);
      if (v.endDate !== '' && !isOneRosterDate(v.endDate!)) p('endDate', 'invalid-date', `endDate must be blank or a day that exists, written YYYY-MM-DD, not "${v.endDate}"`);
      checkDateOrder(HOMEROOM_PROGRAMS_FILE, r, 'beginDate', 'endDate', problem);
    }
    result.programs = rows;
  }
  const lf = byName.get(HOMEROOM_LEGACY_FIGURES_FILE);
  if (lf) {
    const rows = readTable(lf, [...HOMEROOM_LEGACY_FIGURES_HEADERS], result, problem) ?? [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const v = r.values;
      const p = (column: string, code: string, message: string) => problem(HOMEROOM_LEGACY_FIGURES_FILE, r.row, column, code, message);
      if (!knownStudent(v.studentSourcedId!)) p('studentSourcedId', 'unknown-reference', `studentSourcedId "${v.studentSourcedId}" is not a student of users.csv`);
      else if (seen.has(v.studentSourcedId!)) p('studentSourcedId', 'duplicate-sourced-id', `student "${v.studentSourcedId}" already has figures on row ${seen.get(v.studentSourcedId!)}`);
      else seen.set(v.studentSourcedId!, r.row);
      for (const figure of LEGACY_FIGURES) {
        if (v[figure] !== '' && !isDecimal(v[figure]!)) p(figure, 'invalid-decimal', `${figure} must be blank or a non-negative decimal, not "${v[figure]}"`);
      }
    }
    result.legacyFigures = rows;
  }
  const tr = byName.get(HOMEROOM_TRANSCRIPTS_FILE);
  if (tr) {
    const seen = new Map<string, number>();
    const keepOnce = transcriptInterner(ids.get('users')!);
    let lines = 0;
    for (const { line, text } of jsonLines(tr.text)) {
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
      const id = parsed.transcript.student.id;
      if (!knownStudent(id)) p('student.id', 'unknown-reference', `student.id "${id}" is not a student of users.csv`);
      else if (seen.has(id)) p('student.id', 'duplicate-student', `student "${id}" already has a transcript on line ${seen.get(id)}`);
      else {
        seen.set(id, line);
        result.transcripts.push({ row: line, transcript: keepOnce(parsed.transcript) });
      }
    }
    result.rows[HOMEROOM_TRANSCRIPTS_FILE] = lines;
  }
  return result;
}

/**
 * Keeps the text of a district's marks once: millions of marks name a few thousand courses, titles,
 * years, terms, marks and subjects, and each mark read from JSON has strings (and a tags array) of its
 * own. The student's id becomes the users.csv row's sourcedId. Marks are read, never changed, by
 * the writer and the reconciliation, so equal tag lists can share one array.
 */
function transcriptInterner(users: ReadonlyMap<string, PackageRow>): (transcript: Transcript) => Transcript {
  const text = interner();
  const tagLists = new Map<string, string[]>();
  const same = <T extends string | null>(value: T): T => (value === null ? value : (text(value) as T));
  return (transcript) => {
    transcript.student.id = users.get(transcript.student.id)?.values.sourcedId ?? transcript.student.id;
    for (const entries of [transcript.marks, transcript.inProgress] as CourseEntry[][]) {
      for (const m of entries) {
        m.course = text(m.course);
        m.repeats = same(m.repeats);
        m.title = same(m.title);
        m.schoolYear = text(m.schoolYear);
        m.term = same(m.term);
        m.ag = same(m.ag);
        m.honors = same(m.honors);
        m.subject = same(m.subject);
        m.language = same(m.language);
        if ('mark' in m) (m as Mark).mark = same((m as Mark).mark);
        if (m.tags.length <= 8) {
          const key = m.tags.join('\u0000');
          const shared = tagLists.get(key);
          if (shared && shared.length === m.tags.length) m.tags = shared;
          else if (tagLists.size < INTERN_LIMIT) tagLists.set(key, m.tags);
        }
      }
    }
    return transcript;
  };
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

type Canonical = ((value: string) => string) | null;
const rowMakers = new Map<string, (fields: string[]) => Record<string, string>>();

/**
 * The `values` of a row, made by a function written for the file's header: one object literal, its
 * fields in the header's order. Assigned one by one by name, the fields of a wide file (users.csv
 * has 23) turn the object into a hash table in V8, about six times the memory and thirty times the
 * time; a district's package has millions of rows. The names are the binding's own headers (the
 * file's header must equal them), quoted by JSON.stringify all the same. A column with a
 * `canonical` function keeps the text that function gives for the field (see canonicalFields).
 */
function rowMaker(headers: readonly string[], canonical: readonly Canonical[] | null): (fields: string[]) => Record<string, string> {
  const key = headers.join(',');
  const cached = canonical ? undefined : rowMakers.get(key);
  if (cached) return cached;
  const literal = headers.map((h, i) => `${JSON.stringify(h)}: ${canonical?.[i] ? `c[${i}](f[${i}])` : `f[${i}]`}`).join(', ');
  const make = new Function('c', `return function (f) { return {${literal}}; };`)(canonical) as (fields: string[]) => Record<string, string>;
  if (!canonical) rowMakers.set(key, make);
  return make;
}

/** Distinct values are few in these columns: more than this many and the rest are kept as read. */
const INTERN_LIMIT = 100_000;

/** One string for each distinct value: a field of millions of rows holds a few dozen values. */
function interner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    if (value === '') return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (seen.size < INTERN_LIMIT) seen.set(value, value);
    return value;
  };
}

/** A reference's text taken from the row it names, when that row is read already; `missed` when
 * it names none (blank aside). */
function sourcedIdOf(rows: ReadonlyMap<string, PackageRow>, missed: () => void = () => {}): (value: string) => string {
  return (value) => {
    const row = rows.get(value);
    if (row) return row.values.sourcedId!;
    if (value !== '') missed();
    return value;
  };
}

const UNIQUE_LISTS = new Set(['agentSourcedIds', 'userIds', 'resourceSourcedIds']);

/**
 * How each column of a OneRoster file keeps its text. At a district's size most fields repeat
 * another's text (3.8 million enrollments name a few hundred thousand users, a thousand schools,
 * two roles and a few dozen days), and each field read is a string of its own: an enumeration, a
 * boolean, a day or a list of grades or terms is kept once per distinct value, and a reference is
 * kept as the sourcedId of the row it names (which is read before it: orgs, sessions, courses,
 * classes, users, roles, enrollments, demographics), so the rows of a package hold each id once.
 */
function canonicalFields(dataFile: OneRosterDataFile, ids: ReadonlyMap<OneRosterDataFile, ReadonlyMap<string, PackageRow>>, allFound: Set<string>): Canonical[] {
  return ONEROSTER_FILES[dataFile].fields.map((field): Canonical => {
    if (field.kind === 'enum' || field.kind === 'boolean' || field.kind === 'date' || field.kind === 'year') return interner();
    if (field.kind === 'list') return UNIQUE_LISTS.has(field.name) ? null : interner();
    if (dataFile === 'demographics' && field.name === 'sourcedId') return sourcedIdOf(ids.get('users')!);
    const target = field.references && field.references !== dataFile ? ids.get(field.references) : undefined;
    if (!target) return null;
    // Every reference found among the rows read: the file's check of this column has nothing to do.
    allFound.add(field.name);
    return sourcedIdOf(target, () => allFound.delete(field.name));
  });
}

/**
 * Reads a CSV file whose header must be exactly `headers`, in order. Records become rows as they are
 * parsed: neither the file's records nor its text are held beside its rows.
 */
function readTable(f: PackageFileText, headers: string[], result: CheckedPackage, problem: Report, canonical: readonly Canonical[] | null = null): PackageRow[] | null {
  const reader = new CsvReader();
  const make = rowMaker(headers, canonical);
  const rows: PackageRow[] = [];
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
    else rows.push({ row, values: make(fields) });
  };
  try {
    for (const piece of typeof f.text === 'string' ? [f.text] : f.text) reader.feed(piece, onRecord);
    reader.finish(onRecord);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      problem(f.name, error.row, null, 'csv-syntax', `row ${error.row}: ${error.message}`);
      return null;
    }
    throw error;
  }
  result.rows[f.name] = data;
  const got = header as string[] | null;
  if (!got) {
    problem(f.name, 1, null, 'header-missing', `${f.name} is empty: it needs the header ${headers.join(',')}`);
    return null;
  }
  if (!headerOk) {
    const i = headers.findIndex((h, k) => got[k] !== h);
    const at = i < 0 ? headers.length : i;
    problem(f.name, 1, headers[at] ?? got[at] ?? null, 'header-mismatch',
      `the header must be exactly ${headers.join(',')}; column ${at + 1} is ${got[at] === undefined ? 'missing' : `"${got[at]}"`}${headers[at] ? `, expected "${headers[at]}"` : ''}`);
    return null;
  }
  for (const [row, count] of wrongCounts) problem(f.name, row, null, 'wrong-field-count', `row ${row} has ${count} fields; the header has ${headers.length}`);
  return rows;
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
