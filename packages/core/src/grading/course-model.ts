// The shared picture of a transcript that the GPA rule sets and the graduation audit both read:
// which entries are one course (codes joined by `repeats`), in what order they were taken, and
// what each mark is worth. Built once per transcript so that no rule re-derives it differently.
import type { CourseEntry, Mark, MarkValue, Term, Transcript } from '../formats/transcript.ts';
import { toCreditUnits } from './credits.ts';

const TERM_RANK: Record<Term, number> = { S1: 0, S2: 1, SU: 2 };

/** Base points of each mark: the letter's (A 4, B 3, C 2, D 1, F 0; pluses and minuses never
 * change points), or -1 for `P NP CR NC I W`, which are never attempts. */
const MARK_POINTS: Readonly<Record<MarkValue, number>> = {
  'A+': 4, A: 4, 'A-': 4, 'B+': 3, B: 3, 'B-': 3, 'C+': 2, C: 2, 'C-': 2, 'D+': 1, D: 1, 'D-': 1, F: 0,
  P: -1, NP: -1, CR: -1, NC: -1, I: -1, W: -1,
};

/** Points of a mark's letter, or -1 for a non-letter mark. */
export function letterPoints(mark: MarkValue): number {
  return MARK_POINTS[mark];
}

/** A letter A, B or C: "passed with C or better" in the repeat rule. */
export const C_OR_BETTER = 2;

/** A mark passes (earns its credit, counts for the diploma) with A–D, `P` or `CR`. */
export function passes(mark: MarkValue): boolean {
  return mark === 'P' || mark === 'CR' || letterPoints(mark) >= 1;
}

/** Credits are attempted by every letter mark and by P, NP, CR, NC; not by I or W. */
export function attemptsCredits(mark: MarkValue): boolean {
  return mark !== 'I' && mark !== 'W';
}

export interface CourseModel {
  transcript: Transcript;
  /** The marks, then the in-progress courses: entry i < markCount is `transcript.marks[i]`. */
  entries: readonly CourseEntry[];
  markCount: number;
  /** The course (a small integer) of each entry: codes joined by `repeats` links are one course. */
  courseOf: Int32Array;
  courseCount: number;
  /** Entry indexes in chronological order: schoolYear, S1 < S2 < SU, then marks before in-progress courses of the same term, then listing order. */
  chronological: Int32Array;
  /** Base points of each mark's letter; -1 for non-letter marks and for in-progress courses. */
  points: Int8Array;
  /** Exact credits of each entry, in credit units. */
  creditUnits: Float64Array;
}

export function buildCourseModel(transcript: Transcript): CourseModel {
  const { marks, inProgress } = transcript;
  const markCount = marks.length;
  const total = markCount + inProgress.length;
  const entries: CourseEntry[] = inProgress.length === 0 ? marks : [...marks, ...inProgress];

  // Union-find over course codes; a `repeats` code that appears nowhere else still joins.
  const codeIds = new Map<string, number>();
  const parent: number[] = [];
  const idOf = (code: string): number => {
    let id = codeIds.get(code);
    if (id === undefined) {
      id = parent.length;
      codeIds.set(code, id);
      parent.push(id);
    }
    return id;
  };
  const find = (id: number): number => {
    let root = id;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[id] !== root) {
      const next = parent[id]!;
      parent[id] = root;
      id = next;
    }
    return root;
  };
  const entryCode = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const entry = entries[i]!;
    const id = idOf(entry.course);
    entryCode[i] = id;
    if (entry.repeats !== null) {
      const a = find(id);
      const b = find(idOf(entry.repeats));
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const courseOf = new Int32Array(total);
  const courseNumber = new Int32Array(parent.length).fill(-1);
  let courseCount = 0;
  for (let i = 0; i < total; i++) {
    const root = find(entryCode[i]!);
    if (courseNumber[root] === -1) courseNumber[root] = courseCount++;
    courseOf[i] = courseNumber[root]!;
  }

  const termKey = new Float64Array(total);
  const points = new Int8Array(total).fill(-1);
  const creditUnits = new Float64Array(total);
  let sorted = true;
  for (let i = 0; i < total; i++) {
    const entry = entries[i]!;
    termKey[i] = Number(entry.schoolYear.slice(0, 4)) * 4 + TERM_RANK[entry.term];
    if (i > 0 && termKey[i]! < termKey[i - 1]!) sorted = false;
    if (i < markCount) points[i] = letterPoints((entry as Mark).mark);
    creditUnits[i] = toCreditUnits(entry.credits);
  }
  const chronological = new Int32Array(total);
  for (let i = 0; i < total; i++) chronological[i] = i;
  // Listing order breaks ties; marks come before in-progress courses in `entries`, so an
  // in-progress course falls after every mark of its term.
  if (!sorted) chronological.sort((a, b) => termKey[a]! - termKey[b]! || a - b);
  return { transcript, entries, markCount, courseOf, courseCount, chronological, points, creditUnits };
}

/** "2024-25 S1", as a counselor reads a term. */
export function termLabel(entry: CourseEntry): string {
  return `${entry.schoolYear} ${entry.term}`;
}
