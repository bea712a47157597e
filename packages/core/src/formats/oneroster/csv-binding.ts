// The OneRoster 1.2 CSV binding (1EdTech "OneRoster Version 1.2 CSV Tables", binding version
// 1.2.1), written down as data so that the district import, the OneRoster export and its validator
// read one definition. Headers are listed exactly and in the binding's order: the binding requires
// every column of a file it defines to be present, in that order, even when a column is empty.
//
// Sources: the 1EdTech OneRoster v1.2 CSV binding (Tables 3.x: manifest, academicSessions, classes,
// courses, demographics, enrollments, orgs, roles, userProfiles, users and the gradebook/resources
// files), cross-checked against independent published exporters of the 1.2 binding (header lines
// of users.csv, roles.csv, classes.csv, academicSessions.csv). Pure: no I/O.

/** How a column's value is spelled in the binding. */
export type OneRosterFieldKind =
  | 'string'
  | 'enum'
  | 'boolean' //   exactly `true` or `false`
  | 'date' //      YYYY-MM-DD, a day that exists
  | 'datetime' //  ISO 8601 with time, e.g. 2026-08-01T00:00:00.000Z
  | 'year' //      four digits (academicSessions.schoolYear)
  | 'decimal'
  | 'list'; //     comma-separated values inside one (quoted) field

export interface OneRosterField {
  name: string;
  kind: OneRosterFieldKind;
  required: boolean;
  /** Allowed values of an `enum` (or of each element of an enumerated list). */
  values?: readonly string[];
  /** For a `list` of references or a single reference: the binding file whose sourcedId it names. */
  references?: OneRosterDataFile;
}

export const ONEROSTER_VERSION = '1.2';
export const ONEROSTER_MANIFEST_VERSION = '1.0';
export const ONEROSTER_CSV_BINDING_VERSION = '1.2.1';

export const STATUS_VALUES = ['active', 'tobedeleted'] as const;
export const ORG_TYPES = ['department', 'district', 'local', 'national', 'school', 'state'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export const USER_ROLES = [
  'aide', 'counselor', 'districtAdministrator', 'guardian', 'parent', 'principal', 'proctor', 'relative',
  'siteAdministrator', 'student', 'systemAdministrator', 'teacher',
] as const;
export const ROLE_TYPES = ['primary', 'secondary'] as const;
export const SEX_VALUES = ['female', 'male', 'other', 'unspecified'] as const;
export const FILE_MODES = ['absent', 'bulk', 'delta'] as const;
export type FileMode = (typeof FILE_MODES)[number];

/** Every data file of the binding, named as `manifest.csv`'s `file.<name>` rows name them. */
export const ONEROSTER_DATA_FILES = [
  'academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources', 'demographics',
  'enrollments', 'lineItemLearningObjectiveIds', 'lineItems', 'lineItemScoreScales', 'orgs', 'resources',
  'resultLearningObjectiveIds', 'results', 'resultScoreScales', 'roles', 'scoreScales', 'userProfiles',
  'userResources', 'users',
] as const;
export type OneRosterDataFile = (typeof ONEROSTER_DATA_FILES)[number];

/** The rostering files Homeroom reads; the others are known to the binding but not imported. */
export const IMPORTED_DATA_FILES = [
  'orgs', 'academicSessions', 'courses', 'classes', 'users', 'roles', 'enrollments', 'demographics',
] as const satisfies readonly OneRosterDataFile[];
export type ImportedDataFile = (typeof IMPORTED_DATA_FILES)[number];

const s = (name: string, required = false): OneRosterField => ({ name, kind: 'string', required });
const ref = (name: string, references: OneRosterDataFile, required = false): OneRosterField => ({ name, kind: 'string', required, references });
const refs = (name: string, references: OneRosterDataFile, required = false): OneRosterField => ({ name, kind: 'list', required, references });
const e = (name: string, values: readonly string[], required = false): OneRosterField => ({ name, kind: 'enum', required, values });
const b = (name: string, required = false): OneRosterField => ({ name, kind: 'boolean', required });
const d = (name: string, required = false): OneRosterField => ({ name, kind: 'date', required });
const list = (name: string, required = false): OneRosterField => ({ name, kind: 'list', required });

/** The three columns every data file begins with. `status`/`dateLastModified` are blank in bulk
 * files and filled in delta files (checked by mode, not by `required`). */
const COMMON: OneRosterField[] = [
  { name: 'sourcedId', kind: 'string', required: true },
  { name: 'status', kind: 'enum', required: false, values: STATUS_VALUES },
  { name: 'dateLastModified', kind: 'datetime', required: false },
];

export interface OneRosterFileDefinition {
  file: OneRosterDataFile;
  fileName: string;
  /** In the binding's order. */
  fields: readonly OneRosterField[];
  imported: boolean;
}

function define(file: OneRosterDataFile, fields: OneRosterField[]): OneRosterFileDefinition {
  return { file, fileName: `${file}.csv`, fields: [...COMMON, ...fields], imported: (IMPORTED_DATA_FILES as readonly string[]).includes(file) };
}

/** The binding's tables. Gradebook and resources files carry their headers too, so that the
 * export's validator can check them; the import only reports them as not imported. */
export const ONEROSTER_FILES: Record<OneRosterDataFile, OneRosterFileDefinition> = {
  orgs: define('orgs', [s('name', true), e('type', ORG_TYPES, true), s('identifier'), ref('parentSourcedId', 'orgs')]),
  academicSessions: define('academicSessions', [
    s('title', true), e('type', SESSION_TYPES, true), d('startDate', true), d('endDate', true),
    ref('parentSourcedId', 'academicSessions'), { name: 'schoolYear', kind: 'year', required: true },
  ]),
  courses: define('courses', [
    ref('schoolYearSourcedId', 'academicSessions'), s('title', true), s('courseCode'), list('grades'),
    ref('orgSourcedId', 'orgs', true), list('subjects'), list('subjectCodes'),
  ]),
  classes: define('classes', [
    s('title', true), list('grades'), ref('courseSourcedId', 'courses', true), s('classCode'),
    e('classType', CLASS_TYPES, true), s('location'), ref('schoolSourcedId', 'orgs', true),
    refs('termSourcedIds', 'academicSessions', true), list('subjects'), list('subjectCodes'), list('periods'),
  ]),
  users: define('users', [
    b('enabledUser', true), s('username'), list('userIds'), s('givenName', true), s('familyName', true),
    s('middleName'), s('identifier'), s('email'), s('sms'), s('phone'), refs('agentSourcedIds', 'users'),
    list('grades'), s('password'), s('userMasterIdentifier'), refs('resourceSourcedIds', 'resources'),
    s('preferredGivenName'), s('preferredMiddleName'), s('preferredFamilyName'),
    ref('primaryOrgSourcedId', 'orgs'), s('pronouns'),
  ]),
  roles: define('roles', [
    ref('userSourcedId', 'users', true), e('roleType', ROLE_TYPES, true), e('role', USER_ROLES, true),
    d('beginDate'), d('endDate'), ref('orgSourcedId', 'orgs', true), ref('userProfileSourcedId', 'userProfiles'),
  ]),
  enrollments: define('enrollments', [
    ref('classSourcedId', 'classes', true), ref('schoolSourcedId', 'orgs', true), ref('userSourcedId', 'users', true),
    e('role', ENROLLMENT_ROLES, true), b('primary'), d('beginDate'), d('endDate'),
  ]),
  demographics: define('demographics', [
    d('birthDate'), e('sex', SEX_VALUES), b('americanIndianOrAlaskaNative'), b('asian'), b('blackOrAfricanAmerican'),
    b('nativeHawaiianOrOtherPacificIslander'), b('white'), b('demographicRaceTwoOrMoreRaces'),
    b('hispanicOrLatinoEthnicity'), s('countryOfBirthCode'), s('stateOfBirthAbbreviation'), s('cityOfBirth'),
    s('publicSchoolResidenceStatus'),
  ]),
  userProfiles: define('userProfiles', [
    ref('userSourcedId', 'users', true), s('profileType', true), s('vendorId', true), s('applicationId'),
    s('description'), s('credentialType', true), s('username'), s('password'),
  ]),
  // Gradebook and resources: known to the binding, not imported by Homeroom.
  categories: define('categories', [s('title', true), { name: 'weight', kind: 'decimal', required: false }]),
  lineItems: define('lineItems', [
    s('title', true), s('description'), d('assignDate', true), d('dueDate', true), ref('classSourcedId', 'classes', true),
    ref('categorySourcedId', 'categories', true), ref('gradingPeriodSourcedId', 'academicSessions'),
    ref('academicSessionSourcedId', 'academicSessions'), ref('schoolSourcedId', 'orgs'),
    ref('scoreScaleSourcedId', 'scoreScales'), { name: 'resultValueMin', kind: 'decimal', required: false },
    { name: 'resultValueMax', kind: 'decimal', required: false },
  ]),
  results: define('results', [
    ref('lineItemSourcedId', 'lineItems', true), ref('studentSourcedId', 'users', true), ref('classSourcedId', 'classes'),
    ref('scoreScaleSourcedId', 'scoreScales'), s('scoreStatus', true), { name: 'score', kind: 'decimal', required: false },
    s('textScore'), d('scoreDate', true), s('comment'), b('inProgress'), b('incomplete'), b('late'), b('missing'),
  ]),
  scoreScales: define('scoreScales', [
    s('title', true), s('type', true), ref('courseSourcedId', 'courses'), ref('classSourcedId', 'classes', true),
    list('scoreScaleValue', true),
  ]),
  lineItemLearningObjectiveIds: define('lineItemLearningObjectiveIds', [ref('lineItemSourcedId', 'lineItems', true), s('source', true), s('learningObjectiveId', true)]),
  lineItemScoreScales: define('lineItemScoreScales', [ref('lineItemSourcedId', 'lineItems', true), ref('scoreScaleSourcedId', 'scoreScales', true)]),
  resultLearningObjectiveIds: define('resultLearningObjectiveIds', [ref('resultSourcedId', 'results', true), s('learningObjectiveId', true), { name: 'score', kind: 'decimal', required: false }, s('textScore')]),
  resultScoreScales: define('resultScoreScales', [ref('resultSourcedId', 'results', true), ref('scoreScaleSourcedId', 'scoreScales', true)]),
  resources: define('resources', [list('vendorResourceId', true), s('title'), list('roles'), s('importance'), s('vendorId'), s('applicationId')]),
  classResources: define('classResources', [s('title'), ref('classSourcedId', 'classes', true), ref('resourceSourcedId', 'resources', true)]),
  courseResources: define('courseResources', [s('title'), ref('courseSourcedId', 'courses', true), ref('resourceSourcedId', 'resources', true)]),
  userResources: define('userResources', [s('title'), ref('userSourcedId', 'users', true), ref('resourceSourcedId', 'resources', true)]),
};

/** `manifest.csv`: two columns, one property per row. */
export const MANIFEST_FILE_NAME = 'manifest.csv';
export const MANIFEST_HEADERS = ['propertyName', 'value'] as const;
/** Required manifest properties besides one `file.<name>` per data file; `source.*` are optional. */
export const MANIFEST_PROPERTIES = ['manifest.version', 'oneroster.version'] as const;
export const MANIFEST_OPTIONAL_PROPERTIES = ['source.systemName', 'source.systemCode'] as const;

export function headersOf(file: OneRosterDataFile): string[] {
  return ONEROSTER_FILES[file].fields.map((f) => f.name);
}

/** `users.csv` → `users`, or null for a name the binding does not define. */
export function dataFileOfName(fileName: string): OneRosterDataFile | null {
  if (!fileName.endsWith('.csv')) return null;
  const base = fileName.slice(0, -4);
  return (ONEROSTER_DATA_FILES as readonly string[]).includes(base) ? (base as OneRosterDataFile) : null;
}

// ---- Value checks shared by the import and the export's validator -------------------------------

/** A calendar day that exists, written YYYY-MM-DD. */
export function isOneRosterDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || da < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return da <= days;
}

/** ISO 8601 date and time as the binding writes `dateLastModified` (UTC `Z` or an offset). */
export function isOneRosterDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/.exec(value);
  return m !== null && isOneRosterDate(m[1]!);
}

/** The elements of a list field: comma-separated, blanks dropped, spaces around each trimmed. */
export function splitOneRosterList(value: string): string[] {
  if (value.trim() === '') return [];
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

// ---- RFC 4180 CSV -----------------------------------------------------------------------------

export interface CsvRecord {
  /** 1-based line of the file where the record starts; the header is row 1. */
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly row: number, message: string) {
    super(message);
  }
}

/**
 * An RFC 4180 reader fed in chunks, so a large file is never held whole. Quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and LF both end a record; a leading BOM is ignored.
 * `row` counts records (header = 1), which is what the import report's `row` means; a record with
 * a line break inside a quoted field still counts as one row.
 *
 * Fields are cut out of the text with `slice`, never built a character at a time: a district's
 * package is millions of records, and a field grown by `+=` is a chain of string pieces, slow to
 * make and several times its size in memory. A record cut by the end of a chunk is read again
 * from its start with the next one (its text carried over), so no state lives inside a field.
 */
export class CsvReader {
  private carry = '';
  private row = 1;
  private first = true;
  /** The last chunk ended on a CR that ended a record: an LF opening the next one belongs to it. */
  private skipLf = false;

  /** Feeds the next piece of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.read(chunk, false, (fields, row) => out.push({ row, fields }));
    return out;
  }

  /** Ends the input; returns the last record if the file did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.read('', true, (fields, row) => out.push({ row, fields }));
    return out;
  }

  /** As `push`, each completed record handed to `onRecord` (no array of records in between). */
  feed(chunk: string, onRecord: (fields: string[], row: number) => void): void {
    this.read(chunk, false, onRecord);
  }

  /** As `end`, the last record handed to `onRecord`. */
  finish(onRecord: (fields: string[], row: number) => void): void {
    this.read('', true, onRecord);
  }

  private read(chunk: string, last: boolean, onRecord: (fields: string[], row: number) => void): void {
    const text = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    const n = text.length;
    let i = 0;
    if (this.first && n > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.skipLf && i < n) {
      this.skipLf = false;
      if (text.charCodeAt(i) === 10) i++;
    }
    while (i < n) {
      const start = i;
      const fields: string[] = [];
      let ended = false;
      // One record: a field at a time until a line break (or, in the last chunk, the end).
      for (;;) {
        if (i >= n) {
          if (!last) break;
          fields.push('');
          ended = true;
          break;
        }
        let c = text.charCodeAt(i);
        if (c === 34) {
          // Quoted: up to the quote that is not doubled.
          let value = '';
          let from = i + 1;
          let closed = -1;
          for (let j = from; ;) {
            const q = text.indexOf('"', j);
            if (q < 0) break;
            if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
              value += text.slice(from, q + 1);
              j = from = q + 2;
              continue;
            }
            if (q + 1 >= n && !last) break; // the next chunk may double it
            closed = q;
            break;
          }
          if (closed < 0) {
            if (last) throw new CsvSyntaxError(this.row, 'a quoted field is not closed before the end of the file');
            break;
          }
          fields.push(from === i + 1 && value === '' ? text.slice(from, closed) : value + text.slice(from, closed));
          i = closed + 1;
          if (i >= n) {
            if (!last) break;
            ended = true;
            break;
          }
          c = text.charCodeAt(i);
          if (c === 44) {
            i++;
            continue;
          }
          if (c !== 10 && c !== 13) throw new CsvSyntaxError(this.row, 'text after the closing quote of a field');
        } else {
          let j = i;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === 44 || c === 10 || c === 13 || c === 34) break;
            j++;
          }
          if (j >= n) {
            if (!last) break;
            fields.push(text.slice(i, j));
            i = j;
            ended = true;
            break;
          }
          if (c === 34) throw new CsvSyntaxError(this.row, 'a quote inside an unquoted field (RFC 4180 quotes the whole field)');
          fields.push(i === j ? '' : text.slice(i, j));
          i = j + 1;
          if (c === 44) continue;
        }
        // A line break ends the record.
        if (c === 13) {
          if (i < n) {
            if (text.charCodeAt(i) === 10) i++;
          } else if (!last) this.skipLf = true;
        }
        ended = true;
        break;
      }
      if (!ended) {
        this.carry = text.slice(start);
        return;
      }
      // A blank line (one empty field) is not a record.
      if (!(fields.length === 1 && fields[0] === '')) onRecord(fields, this.row++);
    }
  }
}

/** Reads a whole CSV text (small files, tests). */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a field when RFC 4180 requires it (comma, quote, CR or LF), doubling its quotes. */
export function formatCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One record ended by CRLF, as RFC 4180 ends records. Built by appending, with no array of quoted
 * fields in between: an export writes millions of records, and most fields need no quotes.
 */
export function formatCsvRow(fields: readonly string[]): string {
  let record = '';
  for (let i = 0; i < fields.length; i++) record += i === 0 ? formatCsvField(fields[i]!) : `,${formatCsvField(fields[i]!)}`;
  return `${record}\r\n`;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map(formatCsvRow).join('');
}
