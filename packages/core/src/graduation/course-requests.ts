// Next year's course requests from the graduation audit: what a student still needs comes first,
// then the next course of each sequence, then the student's own choices. The scheduler honors
// requests in that order, so a senior missing Economics gets Economics, not an elective.
import type { AgArea, AuditDocument, RequirementVerdict, Subject, Transcript } from '../formats/transcript.ts';
import { letterPoints } from '../grading/course-model.ts';
import { courseStandings, prerequisitesMet, type Prerequisite } from './course-standing.ts';
import type { MarkSelector, RequirementSet } from './requirement-set.ts';

/** A course of the catalog as requests see it: the course students sign up for. */
export interface CatalogCourse {
  code: string;
  title: string;
  /** Credits of one semester. */
  credits: number;
  ag: AgArea | null;
  subject: Subject | null;
  tags: readonly string[];
  language: string | null;
  lowGrade: number;
  highGrade: number;
  /** The second semester of a year course (English 10A → English 10B); a request is for the first. */
  nextSemester: string | null;
  /** Courses that follow this one (English 9B → English 10A), most usual first. */
  followedBy: readonly string[];
  /** Band, PE, yearbook…: passing it once does not close it. */
  repeatableForCredit?: boolean;
  /** Courses to have passed at a minimum mark (or be taking now) first: never requested without them. */
  prerequisites?: readonly Prerequisite[];
}

export interface ProposedRequest {
  course: string;
  required: boolean;
  /** Lower = more wanted. */
  priority: number;
  alternates: string[];
  /** Why, in words a counselor can check. */
  reason: string;
  source: 'graduation-audit' | 'repeat' | 'sequence' | 'student-choice';
}

export interface CourseRequestInput {
  transcript: Transcript;
  audit: AuditDocument;
  set: RequirementSet;
  catalog: readonly CatalogCourse[];
  /** The grade the student will be in. */
  nextGrade: number;
  /** The student's own elective choices, with alternates, most wanted first. */
  choices?: ReadonlyArray<{ course: string; alternates?: readonly string[] }>;
  /** Year-long courses (or pairs of semester courses) the day holds; default 6. */
  periods?: number;
}

/** Subjects whose next course is needed for promotion, not just wanted. */
const CORE_SEQUENCES = new Set<Subject>(['english', 'math']);

function matches(course: CatalogCourse, selector: MarkSelector): boolean {
  const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);
  if (selector.tag !== undefined && !course.tags.includes(selector.tag)) return false;
  const ag = list(selector.ag);
  if (ag && (course.ag === null || !ag.includes(course.ag))) return false;
  const subject = list(selector.subject);
  if (subject && (course.subject === null || !subject.includes(course.subject))) return false;
  return true;
}

/**
 * Done (passed, or being taken now) and so never requested again; or waiting for its one repeat
 * (a D or F the repeat rule would replace), requested again as a repeat.
 */
function requestStanding(transcript: Transcript) {
  const standings = courseStandings(transcript);
  const ready = (course: CatalogCourse) => !course.prerequisites?.length || prerequisitesMet(transcript, standings, course.prerequisites);
  const done = new Set(standings.inProgress);
  const repeats = new Map<string, 'D' | 'F'>();
  for (const [code, standing] of standings.byCode) {
    if (standing.kind === 'passed') done.add(code);
    else if (standing.kind === 'repeat-allowed') repeats.set(code, letterPoints(standing.by.mark) >= 1 ? 'D' : 'F');
  }
  for (const code of done) repeats.delete(code);
  return { done, repeats, taken: standings.taken, ready };
}

export function proposeCourseRequests(input: CourseRequestInput): ProposedRequest[] {
  const { transcript, audit, set, catalog, nextGrade } = input;
  const byCode = new Map(catalog.map((c) => [c.code, c]));
  const secondSemesters = new Set(catalog.flatMap((c) => (c.nextSemester ? [c.nextSemester] : [])));
  const { done, repeats, taken, ready } = requestStanding(transcript);
  const chosen = new Set<string>();
  const proposals: ProposedRequest[] = [];
  const closed = (code: string) => done.has(code) && !byCode.get(code)?.repeatableForCredit;
  const open = (c: CatalogCourse) => c.lowGrade <= nextGrade && nextGrade <= c.highGrade && !secondSemesters.has(c.code) && !closed(c.code) && !chosen.has(c.code) && !(c.nextSemester && closed(c.nextSemester)) && ready(c);
  const yearCredits = (c: CatalogCourse) => c.credits * (c.nextSemester ? 2 : 1);
  const add = (course: CatalogCourse, request: Omit<ProposedRequest, 'course' | 'alternates'> & { alternates?: string[] }) => {
    chosen.add(course.code);
    proposals.push({ course: course.code, alternates: request.alternates ?? [], ...request });
  };
  const successorsOf = (codes: Iterable<string>) => {
    const next: CatalogCourse[] = [];
    for (const code of codes) for (const to of byCode.get(code)?.followedBy ?? []) next.push(byCode.get(to)!);
    return next.filter((c) => c !== undefined);
  };

  // 1. Repeats the repeat rule would count: an F anywhere, a D in an A-G course (it earns diploma credit but not A-G).
  for (const [code, letter] of repeats) {
    const course = byCode.get(code);
    if (!course || !open(course) || (letter === 'D' && course.ag === null)) continue;
    add(course, {
      required: letter === 'F',
      priority: letter === 'F' ? 1 : 3,
      reason: letter === 'F' ? `repeat ${course.title}: an F earns no credit` : `repeat ${course.title}: a D does not count for A-G; the repeat replaces it`,
      source: 'repeat',
    });
  }

  // 2. Requirements still missing, the diploma's as required and A-G's as wanted.
  for (const result of audit.requirements) {
    const requirement = set.requirements.find((r) => r.id === result.id);
    if (!requirement || requirement.overflowFrom) continue;
    for (const verdict of set.verdicts) {
      const figures = result[verdict.id] as RequirementVerdict | undefined;
      if (!figures || figures.status !== 'missing' || figures.needed <= 0) continue;
      const diploma = verdict.id === set.verdicts[0]!.id;
      const selector = requirement.countsIn?.[verdict.id] ?? requirement.counts;
      if (Object.keys(selector).length === 0) continue;
      let needed = figures.needed - proposals.filter((p) => matches(byCode.get(p.course)!, selector)).reduce((sum, p) => sum + yearCredits(byCode.get(p.course)!), 0);
      // Prefer continuing what the student has begun (the next course of a sequence, the same language).
      const languages = new Set([...taken].map((code) => byCode.get(code)?.language).filter((l): l is string => !!l));
      const candidates = [...successorsOf(taken), ...catalog]
        .filter((c) => matches(c, selector) && open(c))
        .sort((a, b) => Number(requirement.bestGroupBy === 'language' && !languages.has(b.language ?? '')) - Number(requirement.bestGroupBy === 'language' && !languages.has(a.language ?? '')));
      for (const course of candidates) {
        if (needed <= 0) break;
        if (chosen.has(course.code)) continue;
        add(course, {
          required: diploma,
          priority: diploma ? 1 : 2,
          reason: `${diploma ? 'missing' : 'for A-G, missing'} ${requirement.title} (${requirement.id}): ${figures.needed} credits still needed`,
          source: 'graduation-audit',
        });
        needed -= yearCredits(course);
      }
    }
  }

  // 3. The next course of each sequence the student is in.
  const groups = new Map<string, CatalogCourse[]>();
  for (const code of [...done].sort()) {
    const next = successorsOf([code]).filter(open);
    if (next.length) groups.set(code, next);
  }
  for (const [from, next] of groups) {
    if (next.some((c) => chosen.has(c.code))) continue;
    const [first, ...others] = next;
    const core = first!.subject !== null && CORE_SEQUENCES.has(first!.subject);
    add(first!, { required: core, priority: core ? 1 : 4, alternates: others.map((o) => o.code), reason: `next after ${byCode.get(from)?.title ?? from}`, source: 'sequence' });
  }

  // 4. The student's own choices, with alternates not already taken.
  let priority = 5;
  for (const choice of input.choices ?? []) {
    const course = byCode.get(choice.course);
    if (!course || !open(course)) continue;
    add(course, { required: false, priority: priority++, alternates: (choice.alternates ?? []).filter((a) => byCode.has(a) && open(byCode.get(a)!)), reason: 'the student chose it', source: 'student-choice' });
  }

  // The day holds so many periods: required requests first, then by priority.
  // A year course fills a period all year; a semester course half of one.
  const periods = input.periods ?? 6;
  const ordered = proposals.map((p, i) => ({ p, i })).sort((a, b) => Number(b.p.required) - Number(a.p.required) || a.p.priority - b.p.priority || a.i - b.i);
  const kept: ProposedRequest[] = [];
  let load = 0;
  for (const { p } of ordered) {
    const size = byCode.get(p.course)!.nextSemester ? 1 : 0.5;
    if (!p.required && load + size > periods) continue;
    kept.push(p);
    load += size;
  }
  return kept;
}
