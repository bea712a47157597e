// The transcript exchange format (`homeroom.transcript/v1`) and the documents computed from it
// (`homeroom.gpa/v1`, `homeroom.audit/v1`). The validator is written by hand rather than with zod:
// bulk recomputes validate tens of thousands of transcripts a second, and the messages must name
// the entry and the field exactly as the format document says (`marks[3] (230201).credits: …`).

export const TRANSCRIPT_FORMAT = 'homeroom.transcript/v1';
export const GPA_FORMAT = 'homeroom.gpa/v1';
export const AUDIT_FORMAT = 'homeroom.audit/v1';

export const LETTER_MARKS = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;
export const NON_LETTER_MARKS = ['P', 'NP', 'CR', 'NC', 'I', 'W'] as const;
export const TERMS = ['S1', 'S2', 'SU'] as const;
export const AG_AREAS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export const HONORS_KINDS = ['none', 'honors', 'ap', 'ib', 'college'] as const;
export const SUBJECTS = ['english', 'math', 'science', 'social', 'language', 'arts', 'pe', 'health', 'elective', 'cte', 'rotc'] as const;
export const RESIDENCIES = ['resident', 'nonresident'] as const;

export type LetterMark = (typeof LETTER_MARKS)[number];
export type NonLetterMark = (typeof NON_LETTER_MARKS)[number];
export type MarkValue = LetterMark | NonLetterMark;
export type Term = (typeof TERMS)[number];
export type AgArea = (typeof AG_AREAS)[number];
export type HonorsKind = (typeof HONORS_KINDS)[number];
export type Subject = (typeof SUBJECTS)[number];
export type Residency = (typeof RESIDENCIES)[number];

export interface Student {
  id: string;
  gradeLevel: number;
  residency: Residency;
  cohort: number | null;
}

/** What a mark and an in-progress course have in common: one semester course taken once. */
export interface CourseEntry {
  course: string;
  repeats: string | null;
  title: string | null;
  gradeLevel: number;
  schoolYear: string;
  term: Term;
  /** Credits attempted, as given (exact sums are made in credit units, see grading/credits.ts). */
  credits: number;
  ag: AgArea | null;
  honors: HonorsKind;
  ucHonors: boolean;
  subject: Subject | null;
  tags: string[];
  language: string | null;
}

/** One completed semester grade. */
export interface Mark extends CourseEntry {
  mark: MarkValue;
}

/** A semester course the student is taking now. */
export type InProgressCourse = CourseEntry;

export interface Transcript {
  student: Student;
  marks: Mark[];
  inProgress: InProgressCourse[];
}

/** A transcript that breaks the format; the message names the entry and the field. */
export class TranscriptError extends Error {
  override name = 'TranscriptError';
}

export type TranscriptParseResult = { ok: true; transcript: Transcript } | { ok: false; error: string };

const markSet: ReadonlySet<string> = new Set<string>([...LETTER_MARKS, ...NON_LETTER_MARKS]);
const termSet: ReadonlySet<string> = new Set<string>(TERMS);
const agSet: ReadonlySet<string> = new Set<string>(AG_AREAS);
const honorsSet: ReadonlySet<string> = new Set<string>(HONORS_KINDS);
const subjectSet: ReadonlySet<string> = new Set<string>(SUBJECTS);
const residencySet: ReadonlySet<string> = new Set<string>(RESIDENCIES);

/** Validates a parsed JSON value as a transcript, applying the format's defaults. */
export function parseTranscript(value: unknown): Transcript {
  if (!isObject(value)) fail('transcript', 'must be an object', value);
  const format = value.format;
  if (format !== undefined && format !== null && format !== TRANSCRIPT_FORMAT) {
    fail('format', `must be "${TRANSCRIPT_FORMAT}"`, format);
  }
  const student = parseStudent(value.student);
  const marks = parseEntries(value.marks, 'marks', true) as Mark[];
  const inProgress = parseEntries(value.inProgress, 'inProgress', false);
  return { student, marks, inProgress };
}

/** As parseTranscript, but returns the message instead of throwing (for bulk use). */
export function safeParseTranscript(value: unknown): TranscriptParseResult {
  try {
    return { ok: true, transcript: parseTranscript(value) };
  } catch (error) {
    if (error instanceof TranscriptError) return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Where a value sits, for messages: `student`, `marks[3]`, `marks[3] (230201)`. Kept as parts and
 * written out only when something is wrong, so a valid transcript costs no message strings.
 */
interface Place {
  list: 'student' | 'marks' | 'inProgress';
  index: number;
  course: string | null;
}

function placeName(at: Place): string {
  if (at.list === 'student') return 'student';
  return at.course === null ? `${at.list}[${at.index}]` : `${at.list}[${at.index}] (${at.course})`;
}

function failAt(at: Place, field: string, problem: string, ...got: unknown[]): never {
  return fail(`${placeName(at)}.${field}`, problem, ...got);
}

function parseStudent(value: unknown): Student {
  if (value === undefined || value === null) fail('student', 'is required');
  if (!isObject(value)) fail('student', 'must be an object', value);
  const at: Place = { list: 'student', index: -1, course: null };
  const id = code(value.id, at, 'id', true)!;
  const gradeLevel = gradeLevelOf(value.gradeLevel, at, 'gradeLevel');
  const residency = oneOf(value.residency, residencySet, at, 'residency') as Residency | null;
  const cohortValue = value.cohort;
  let cohort: number | null = null;
  if (cohortValue !== undefined && cohortValue !== null) {
    // No rule reads the cohort, but a malformed one is rejected rather than guessed at.
    if (typeof cohortValue !== 'number' || !Number.isInteger(cohortValue)) fail('student.cohort', 'must be an integer', cohortValue);
    cohort = cohortValue;
  }
  return { id, gradeLevel, residency: residency ?? 'resident', cohort };
}

function parseEntries(value: unknown, list: 'marks' | 'inProgress', withMark: boolean): CourseEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(list, 'must be an array', value);
  const entries: CourseEntry[] = new Array(value.length);
  const at: Place = { list, index: 0, course: null };
  for (let i = 0; i < value.length; i++) {
    at.index = i;
    at.course = null;
    entries[i] = parseEntry(value[i], at, withMark);
  }
  return entries;
}

function parseEntry(value: unknown, at: Place, withMark: boolean): CourseEntry | Mark {
  if (!isObject(value)) fail(placeName(at), 'must be an object', value);
  const course = code(value.course, at, 'course', true)!;
  // From here on the entry is named with its course code, as counselors know it.
  at.course = course;
  const repeats = code(value.repeats, at, 'repeats', false);
  const gradeLevel = gradeLevelOf(value.gradeLevel, at, 'gradeLevel');
  const schoolYear = value.schoolYear;
  if (schoolYear === undefined || schoolYear === null) failAt(at, 'schoolYear', 'is required');
  if (!isSchoolYear(schoolYear)) failAt(at, 'schoolYear', 'must be a school year such as "2024-25"', schoolYear);
  const term = oneOf(value.term, termSet, at, 'term', true) as Term;
  let mark: MarkValue | undefined;
  if (withMark) mark = oneOf(value.mark, markSet, at, 'mark', true) as MarkValue;
  const credits = value.credits;
  if (credits === undefined || credits === null) failAt(at, 'credits', 'is required');
  if (typeof credits !== 'number' || !(credits >= 0) || !Number.isFinite(credits)) failAt(at, 'credits', 'must be a non-negative number', credits);
  const ag = oneOf(value.ag, agSet, at, 'ag') as AgArea | null;
  const honors = (oneOf(value.honors, honorsSet, at, 'honors') as HonorsKind | null) ?? 'none';
  const ucHonorsValue = value.ucHonors;
  let ucHonors = false;
  if (ucHonorsValue !== undefined && ucHonorsValue !== null) {
    if (typeof ucHonorsValue !== 'boolean') failAt(at, 'ucHonors', 'must be true or false', ucHonorsValue);
    ucHonors = ucHonorsValue;
  }
  const subject = oneOf(value.subject, subjectSet, at, 'subject') as Subject | null;
  const tags = tagsOf(value.tags, at);
  const languageValue = value.language;
  let language: string | null = null;
  if (languageValue !== undefined && languageValue !== null) {
    if (typeof languageValue !== 'string' || languageValue.length === 0) failAt(at, 'language', 'must be a non-empty string', languageValue);
    language = languageValue;
  } else if (ag === 'e') {
    failAt(at, 'language', 'is required for a course with ag "e"');
  }
  const title = typeof value.title === 'string' ? value.title : null;
  if (mark !== undefined) return { course, repeats, title, gradeLevel, schoolYear, term, mark, credits, ag, honors, ucHonors, subject, tags, language };
  return { course, repeats, title, gradeLevel, schoolYear, term, credits, ag, honors, ucHonors, subject, tags, language };
}

function code(value: unknown, at: Place, field: string, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) failAt(at, field, 'is required');
    return null;
  }
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    // Large integers would print as 1e+21; the code is its decimal digits.
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return failAt(at, field, 'must be a non-empty string or an integer', value);
}

function gradeLevelOf(value: unknown, at: Place, field: string): number {
  if (typeof value === 'number' && value >= 6 && value <= 12 && Number.isInteger(value)) return value;
  if (value === undefined || value === null) failAt(at, field, 'is required');
  return failAt(at, field, 'must be an integer from 6 to 12', value);
}

function oneOf(value: unknown, allowed: ReadonlySet<string>, at: Place, field: string, required = false): string | null {
  if (typeof value === 'string' && allowed.has(value)) return value;
  if (value === undefined || value === null) {
    if (required) failAt(at, field, 'is required');
    return null;
  }
  return failAt(at, field, `must be one of ${[...allowed].join(', ')}`, value);
}

function tagsOf(value: unknown, at: Place): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) failAt(at, 'tags', 'must be an array of strings', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') failAt(at, `tags[${i}]`, 'must be a string', value[i]);
  }
  return value as string[];
}

/** "2024-25": four digits, a hyphen, the last two digits of the next year. */
function isSchoolYear(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 7 || value.charCodeAt(4) !== 45) return false;
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    start = start * 10 + d;
  }
  const tens = value.charCodeAt(5) - 48;
  const ones = value.charCodeAt(6) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return false;
  return tens * 10 + ones === (start + 1) % 100;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, problem: string, ...got: unknown[]): never {
  throw new TranscriptError(got.length > 0 ? `${where}: ${problem}, got ${describe(got[0])}` : `${where}: ${problem}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Output documents. Credit figures are plain numbers here: they are exact sums made in credit
// units and converted once, at the edge (grading/credits.ts).

/** A GPA figure set, as a rule set reports it (`uc`, `csu`, `district` in ca-2026). */
export type GpaFigures = Record<string, number | null>;

export interface MarkExplanation {
  course: string;
  /** `schoolYear`, a space, `term`: "2024-25 S1". */
  term: string;
  mark: MarkValue;
  /** One sentence per GPA of the rule set, beginning `counted` or `excluded`. */
  [gpa: string]: string;
}

/** `homeroom.gpa/v1`. The keys between `student` and `credits` are the rule set's GPAs. */
export interface GpaDocument {
  format: typeof GPA_FORMAT;
  student: string;
  [gpa: string]: unknown;
  credits: { attempted: number; earned: number };
  explanation: MarkExplanation[];
}

export type RequirementStatus = 'met' | 'in_progress' | 'missing';

export interface RequirementVerdict {
  status: RequirementStatus;
  earned: number;
  inProgress: number;
  needed: number;
  courses: string[];
}

export interface RequirementResult {
  id: string;
  /** One verdict per verdict of the set the requirement takes part in (`diploma`, `ag`). */
  [verdict: string]: RequirementVerdict | string;
}

/** `homeroom.audit/v1`. The keys between `requirementSet` and `onTrack` are the set's verdicts. */
export interface AuditDocument {
  format: typeof AUDIT_FORMAT;
  student: string;
  requirementSet: string;
  [verdict: string]: unknown;
  onTrack: boolean;
  requirements: RequirementResult[];
}
