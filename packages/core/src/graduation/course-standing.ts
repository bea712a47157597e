// Where a student stands in each course of the catalog: passed, allowed its one repeat, or not
// passed, and whether it is being taken now. Course requests, drop/add, a counselor's edit of a
// request and walk-in placement all read this one rule, so a senior is never placed in a course
// she passed by one path while another path refuses it.
import type { MarkValue, Transcript } from '../formats/transcript.ts';
import { buildCourseModel, C_OR_BETTER, letterPoints, passes, termLabel } from '../grading/course-model.ts';

/** The mark that decides a standing, as a counselor finds it on the transcript. */
export interface DecidingMark {
  /** The code on the mark (a credit-recovery code may differ from the catalog's). */
  course: string;
  mark: MarkValue;
  /** "2024-25 S1". */
  term: string;
}

export type CourseStanding =
  /** Passed, and another attempt would count for nothing: C or better, P or CR, or a D whose one repeat was taken. */
  | { kind: 'passed'; by: DecidingMark }
  /** The first letter attempt was a D or an F and it has not been repeated: the repeat rule allows one repeat, which replaces it. */
  | { kind: 'repeat-allowed'; by: DecidingMark }
  /** Attempted without passing after its repeat (F then F), or only NP, NC, I or W: the credit is still needed. */
  | { kind: 'not-passed'; by: DecidingMark };

export interface CourseStandings {
  /** The standing of every code on the transcript; codes joined by `repeats` share their course's. */
  byCode: ReadonlyMap<string, CourseStanding>;
  /** Codes of courses being taken now (with every code joined to them). */
  inProgress: ReadonlySet<string>;
  /** Every code on the transcript, marks and in-progress courses. */
  taken: ReadonlySet<string>;
  /** The codes of each code's course (itself and every code joined to it by `repeats`). */
  sameCourse: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Applies the repeat rule (rules/gpa.md) to each course's marks in chronological order. A D that
 * has not been repeated is not "passed" for this purpose: its repeat is what the rule is for.
 */
export function courseStandings(transcript: Transcript): CourseStandings {
  const model = buildCourseModel(transcript);
  const codesOf = new Map<number, Set<string>>();
  model.entries.forEach((entry, i) => {
    const codes = codesOf.get(model.courseOf[i]!) ?? new Set<string>();
    codes.add(entry.course);
    if (entry.repeats) codes.add(entry.repeats);
    codesOf.set(model.courseOf[i]!, codes);
  });
  const marksOf = new Map<number, number[]>();
  const inProgressCourses = new Set<number>();
  for (const i of model.chronological) {
    const course = model.courseOf[i]!;
    if (i >= model.markCount) inProgressCourses.add(course);
    else marksOf.set(course, [...(marksOf.get(course) ?? []), i]);
  }
  const deciding = (i: number): DecidingMark => ({ course: model.entries[i]!.course, mark: transcript.marks[i]!.mark, term: termLabel(model.entries[i]!) });
  const byCode = new Map<string, CourseStanding>();
  for (const [course, marks] of marksOf) {
    const letters = marks.filter((i) => letterPoints(transcript.marks[i]!.mark) >= 0);
    const passing = marks.filter((i) => passes(transcript.marks[i]!.mark));
    const decisive = passing.find((i) => letterPoints(transcript.marks[i]!.mark) < 0 || letterPoints(transcript.marks[i]!.mark) >= C_OR_BETTER);
    let standing: CourseStanding;
    if (decisive !== undefined) standing = { kind: 'passed', by: deciding(decisive) };
    else if (letters.length === 1) standing = { kind: 'repeat-allowed', by: deciding(letters[0]!) };
    else if (passing.length) standing = { kind: 'passed', by: deciding(passing[0]!) };
    else standing = { kind: 'not-passed', by: deciding(marks[marks.length - 1]!) };
    for (const code of codesOf.get(course)!) byCode.set(code, standing);
  }
  const inProgress = new Set([...inProgressCourses].flatMap((course) => [...codesOf.get(course)!]));
  const sameCourse = new Map([...codesOf.values()].flatMap((codes) => [...codes].map((code) => [code, codes] as const)));
  return { byCode, inProgress, taken: new Set(model.entries.map((e) => e.course)), sameCourse };
}

/** What the catalog says about taking a course. */
export interface CourseRules {
  code: string;
  title: string;
  /** Band, PE, yearbook…: passing it once does not close it. */
  repeatableForCredit: boolean;
  prerequisites: ReadonlyArray<Prerequisite & { title: string }>;
}

/** A course to have passed at a minimum mark (or be taking now) before another. */
export interface Prerequisite {
  course: string;
  minimumMark: MarkValue;
  /**
   * Other courses that are this one for the rule: the same course of the state's catalog in the
   * same semester of the year at its level or above (Algebra 2 Honors B for Algebra 2 B). The
   * catalog knows them; a transcript only has codes.
   */
  alsoMetBy?: readonly string[];
}

export type CourseRefusal =
  | { code: 'course-already-passed'; course: string; title: string; passedWith: DecidingMark }
  | { code: 'prerequisite-not-met'; course: string; title: string; prerequisite: { course: string; title: string; minimumMark: MarkValue; alsoMetBy?: readonly string[]; best: DecidingMark | null } };

/** Letters from F up; P and CR stand for C (the UC reading of "pass"), other non-letters for nothing. */
const MARK_RANK: Readonly<Record<MarkValue, number>> = {
  F: 0, 'D-': 1, D: 2, 'D+': 3, 'C-': 4, C: 5, 'C+': 6, 'B-': 7, B: 8, 'B+': 9, 'A-': 10, A: 11, 'A+': 12,
  P: 5, CR: 5, NP: -1, NC: -1, I: -1, W: -1,
};

/**
 * Why a student may not take a course, if any reason: it is passed (unless repeatable for
 * credit), or a prerequisite has no mark at its minimum. A prerequisite being taken now counts as
 * met: its mark comes before the course begins, and a year course's B half follows its A half.
 */
export function courseRefusals(transcript: Transcript, standings: CourseStandings, course: CourseRules): CourseRefusal[] {
  const refusals: CourseRefusal[] = [];
  const standing = standings.byCode.get(course.code);
  if (standing?.kind === 'passed' && !course.repeatableForCredit) refusals.push({ code: 'course-already-passed', course: course.code, title: course.title, passedWith: standing.by });
  for (const prerequisite of course.prerequisites) {
    const gap = prerequisiteGap(transcript, standings, prerequisite);
    if (gap) refusals.push({ code: 'prerequisite-not-met', course: course.code, title: course.title, prerequisite: { ...prerequisite, best: gap.best } });
  }
  return refusals;
}

/** Whether every prerequisite has a mark at its minimum or is being taken now. */
export function prerequisitesMet(transcript: Transcript, standings: CourseStandings, prerequisites: readonly Prerequisite[]): boolean {
  return prerequisites.every((p) => prerequisiteGap(transcript, standings, p) === null);
}

/** Null when the prerequisite is met; otherwise its best mark, if it has one. */
function prerequisiteGap(transcript: Transcript, standings: CourseStandings, prerequisite: Prerequisite): { best: DecidingMark | null } | null {
  const codes = new Set([prerequisite.course, ...(prerequisite.alsoMetBy ?? [])].flatMap((code) => [...(standings.sameCourse.get(code) ?? [code])]));
  if ([...codes].some((code) => standings.inProgress.has(code))) return null;
  let best: DecidingMark | null = null;
  for (const m of transcript.marks) {
    if (!codes.has(m.course)) continue;
    if (best === null || MARK_RANK[m.mark] > MARK_RANK[best.mark]) best = { course: m.course, mark: m.mark, term: termLabel(m) };
  }
  return best !== null && MARK_RANK[best.mark] >= MARK_RANK[prerequisite.minimumMark] ? null : { best };
}

/** A refusal in words a counselor can check against the transcript. */
export function describeRefusal(refusal: CourseRefusal): string {
  if (refusal.code === 'course-already-passed') {
    const { passedWith } = refusal;
    const under = passedWith.course === refusal.course ? '' : ` (as ${passedWith.course})`;
    return `${refusal.title} (${refusal.course}) was already passed${under} with ${passedWith.mark} in ${passedWith.term}`;
  }
  const { prerequisite } = refusal;
  const got = prerequisite.best ? `the best mark is ${prerequisite.best.mark} in ${prerequisite.best.term}` : 'it is not on the transcript';
  const codes = [prerequisite.course, ...(prerequisite.alsoMetBy ?? [])].join(' or ');
  return `${refusal.title} (${refusal.course}) needs ${prerequisite.title} (${codes}) with ${prerequisite.minimumMark} or better; ${got}`;
}
