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

function parseStudent(value: unknown): Student {
  if (value === undefined || value === null) fail('student', 'is required');
  if (!isObject(value)) fail('student', 'must be an object', value);
  const id = code(value.id, 'student', 'id', true)!;
  const gradeLevel = gradeLevelOf(value.gradeLevel, 'student', 'gradeLevel');
  const residency = oneOf(value.residency, residencySet, 'student', 'residency') as Residency | null;
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
  for (let i = 0; i < value.length; i++) entries[i] = parseEntry(value[i], `${list}[${i}]`, withMark);
  return entries;
}

function parseEntry(value: unknown, where: string, withMark: boolean): CourseEntry | Mark {
  if (!isObject(value)) fail(where, 'must be an object', value);
  const course = code(value.course, where, 'course', true)!;
  // From here on the entry is named with its course code, as counselors know it.
  const entry = `${where} (${course})`;
  const repeats = code(value.repeats, entry, 'repeats', false);
  const gradeLevel = gradeLevelOf(value.gradeLevel, entry, 'gradeLevel');
  const schoolYear = value.schoolYear;
  if (schoolYear === undefined || schoolYear === null) fail(`${entry}.schoolYear`, 'is required');
  if (!isSchoolYear(schoolYear)) fail(`${entry}.schoolYear`, 'must be a school year such as "2024-25"', schoolYear);
  const term = oneOf(value.term, termSet, entry, 'term', true) as Term;
  let mark: MarkValue | undefined;
  if (withMark) mark = oneOf(value.mark, markSet, entry, 'mark', true) as MarkValue;
  const credits = value.credits;
  if (credits === undefined || credits === null) fail(`${entry}.credits`, 'is required');
  if (typeof credits !== 'number' || !(credits >= 0) || !Number.isFinite(credits)) {
    fail(`${entry}.credits`, 'must be a non-negative number', credits);
  }
  const ag = oneOf(value.ag, agSet, entry, 'ag') as AgArea | null;
  const honors = (oneOf(value.honors, honorsSet, entry, 'honors') as HonorsKind | null) ?? 'none';
  const ucHonorsValue = value.ucHonors;
  let ucHonors = false;
  if (ucHonorsValue !== undefined && ucHonorsValue !== null) {
    if (typeof ucHonorsValue !== 'boolean') fail(`${entry}.ucHonors`, 'must be true or false', ucHonorsValue);
    ucHonors = ucHonorsValue;
  }
  const subject = oneOf(value.subject, subjectSet, entry, 'subject') as Subject | null;
  const tags = tagsOf(value.tags, entry);
  const languageValue = value.language;
  let language: string | null = null;
  if (languageValue !== undefined && languageValue !== null) {
    if (typeof languageValue !== 'string' || languageValue.length === 0) fail(`${entry}.language`, 'must be a non-empty string', languageValue);
    language = languageValue;
  } else if (ag === 'e') {
    fail(`${entry}.language`, 'is required for a course with ag "e"');
  }
  const title = typeof value.title === 'string' ? value.title : null;
  const parsed: CourseEntry = { course, repeats, title, gradeLevel, schoolYear, term, credits, ag, honors, ucHonors, subject, tags, language };
  if (mark !== undefined) (parsed as Mark).mark = mark;
  return parsed;
}

function code(value: unknown, entry: string, field: string, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) fail(`${entry}.${field}`, 'is required');
    return null;
  }
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    // Large integers would print as 1e+21; the code is its decimal digits.
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return fail(`${entry}.${field}`, 'must be a non-empty string or an integer', value);
}

function gradeLevelOf(value: unknown, entry: string, field: string): number {
  if (value === undefined || value === null) fail(`${entry}.${field}`, 'is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 6 || value > 12) {
    fail(`${entry}.${field}`, 'must be an integer from 6 to 12', value);
  }
  return value;
}

function oneOf(value: unknown, allowed: ReadonlySet<string>, entry: string, field: string, required = false): string | null {
  if (value === undefined || value === null) {
    if (required) fail(`${entry}.${field}`, 'is required');
    return null;
  }
  if (typeof value !== 'string' || !allowed.has(value)) fail(`${entry}.${field}`, `must be one of ${[...allowed].join(', ')}`, value);
  return value;
}

function tagsOf(value: unknown, entry: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${entry}.tags`, 'must be an array of strings', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') fail(`${entry}.tags[${i}]`, 'must be a string', value[i]);
  }
  return value as string[];
}

/** "2024-25": four digits, a hyphen, the last two digits of the next year. */
function isSchoolYear(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 7 || value.charCodeAt(4) !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6]) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const start = Number(value.slice(0, 4));
  return Number(value.slice(5)) === (start + 1) % 100;
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
