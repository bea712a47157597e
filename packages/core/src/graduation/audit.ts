// The graduation audit engine: evaluates any requirement set (data) against a transcript. The
// counted marks come from the grading model — the same courses, the same repeat rule and the
// same credit-earning marks as the GPA — so a GPA and an audit can never disagree about a mark.
import {
  AUDIT_FORMAT,
  type AgArea,
  type AuditDocument,
  type CourseEntry,
  type RequirementResult,
  type RequirementStatus,
  type RequirementVerdict,
  type Transcript,
} from '../formats/transcript.ts';
import { buildCourseModel, C_OR_BETTER, type CourseModel } from '../grading/course-model.ts';
import { fromCreditUnits, toCreditUnits } from '../grading/credits.ts';
import { firstPassingEntries } from '../grading/earned-credits.ts';
import { applyRepeatRule, RepeatStatus } from '../grading/repeat-rule.ts';
import type { CountedMarkRule, MarkSelector, Requirement, RequirementSet } from './requirement-set.ts';

/** The figures of one requirement in one verdict, in exact credit units. */
export interface RequirementEvaluation {
  /** Uncapped passing credits of the verdict's counted marks. */
  passingUnits: number;
  /** The counted entries that count toward it, in chronological order. */
  entries: number[];
}

type EntryMatcher = (entry: CourseEntry) => boolean;

interface CompiledRequirement {
  /** Position in the set. */
  index: number;
  requirement: Requirement;
  requiredUnits: number;
  /** The selector of each verdict of the set (the set's `countsIn`, else `counts`). */
  matchers: Map<string, EntryMatcher>;
  overflowFrom: [AgArea, CompiledRequirement[]][] | null;
}

interface CompiledSet {
  set: RequirementSet;
  requirements: CompiledRequirement[];
  /** Overflow requirements last: they read what the others used. */
  evaluationOrder: CompiledRequirement[];
}

const { Kept } = RepeatStatus;

const compiled = new WeakMap<RequirementSet, CompiledSet>();

/** Computes the `homeroom.audit/v1` document of a transcript under a requirement set. */
export function auditTranscript(transcript: Transcript, set: RequirementSet, model: CourseModel = buildCourseModel(transcript)): AuditDocument {
  const plan = compile(set);
  const verdictResults = new Map<string, { now: Map<string, RequirementEvaluation>; withInProgress: Map<string, RequirementEvaluation> }>();
  for (const verdict of set.verdicts) {
    const matches = matchTable(plan, verdict.id, model);
    const now = evaluateVerdict(plan, matches, model, countedEntries(model, verdict.counts, false));
    const withInProgress =
      model.entries.length === model.markCount ? now : evaluateVerdict(plan, matches, model, countedEntries(model, verdict.counts, true));
    verdictResults.set(verdict.id, { now, withInProgress });
  }

  const met = new Map<string, boolean>(set.verdicts.map((v) => [v.id, true]));
  const requirements: RequirementResult[] = [];
  for (const { requirement, requiredUnits } of plan.requirements) {
    const result: RequirementResult = { id: requirement.id };
    for (const verdict of set.verdicts) {
      if (!requirement.verdicts.includes(verdict.id)) continue;
      const results = verdictResults.get(verdict.id)!;
      const now = results.now.get(requirement.id)!;
      const later = results.withInProgress.get(requirement.id)!;
      const figure = requirementVerdict(model, requiredUnits, now, later.passingUnits - now.passingUnits);
      if (figure.status !== 'met') met.set(verdict.id, false);
      result[verdict.id] = figure;
    }
    requirements.push(result);
  }

  const document: Record<string, unknown> = { format: AUDIT_FORMAT, student: transcript.student.id, requirementSet: set.name };
  for (const verdict of set.verdicts) document[verdict.id] = { met: met.get(verdict.id)! };
  document.onTrack = onTrack(set, transcript.student.gradeLevel, verdictResults.get(set.onTrack.verdict)?.now.get(set.onTrack.requirement));
  document.requirements = requirements;
  return document as AuditDocument;
}

function onTrack(set: RequirementSet, gradeLevel: number, evaluation: RequirementEvaluation | undefined): boolean {
  const benchmark = set.onTrack.benchmarks[gradeLevel];
  if (benchmark === undefined) return true;
  return (evaluation?.passingUnits ?? 0) >= toCreditUnits(benchmark);
}

function requirementVerdict(model: CourseModel, requiredUnits: number, now: RequirementEvaluation, inProgressUnits: number): RequirementVerdict {
  const passing = now.passingUnits;
  const status: RequirementStatus = passing >= requiredUnits ? 'met' : passing + inProgressUnits >= requiredUnits ? 'in_progress' : 'missing';
  return {
    status,
    earned: fromCreditUnits(Math.min(requiredUnits, passing)),
    inProgress: fromCreditUnits(inProgressUnits),
    needed: fromCreditUnits(Math.max(0, requiredUnits - passing - inProgressUnits)),
    courses: courseCodes(model, now.entries),
  };
}

function courseCodes(model: CourseModel, entries: readonly number[]): string[] {
  const seen = new Set<string>();
  for (const i of entries) seen.add(model.entries[i]!.course);
  return [...seen];
}

/**
 * Each course's one counted mark for a verdict, in chronological order. With in-progress
 * courses, each is taken as passing (for the repeat rule, a letter A–C) and placed after every
 * mark of its term.
 */
export function countedEntries(model: CourseModel, rule: CountedMarkRule, withInProgress: boolean): number[] {
  if (rule === 'first-passing') return firstPassingEntries(model, withInProgress);
  const attemptPoints = model.points;
  let points = attemptPoints;
  if (withInProgress && model.entries.length > model.markCount) {
    points = Int8Array.from(attemptPoints);
    points.fill(C_OR_BETTER, model.markCount);
  }
  const outcome = applyRepeatRule(model, points);
  const counted: number[] = [];
  for (let k = 0; k < model.chronological.length; k++) {
    const i = model.chronological[k]!;
    if (outcome.status[i] === Kept && points[i]! >= C_OR_BETTER) counted.push(i);
  }
  return counted;
}

/**
 * Which entries each requirement counts in a verdict (1 = counts), read once per transcript: the
 * verdict is evaluated twice (now, and with in-progress courses) from the same table.
 */
function matchTable(plan: CompiledSet, verdictId: string, model: CourseModel): Uint8Array[] {
  const { entries } = model;
  return plan.requirements.map((r) => {
    const match = r.matchers.get(verdictId)!;
    const table = new Uint8Array(entries.length);
    for (let i = 0; i < entries.length; i++) if (match(entries[i]!)) table[i] = 1;
    return table;
  });
}

const AREA_INDEX: Readonly<Record<AgArea, number>> = { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 6 };

/** Every requirement of the set in one verdict, from that verdict's counted entries. */
function evaluateVerdict(plan: CompiledSet, matches: readonly Uint8Array[], model: CourseModel, counted: readonly number[]): Map<string, RequirementEvaluation> {
  const { entries, creditUnits } = model;
  const results = new Map<string, RequirementEvaluation>();
  let areaTotals: Float64Array | null = null;
  for (const compiledRequirement of plan.evaluationOrder) {
    const { requirement } = compiledRequirement;
    const matched = matches[compiledRequirement.index]!;
    const matching: number[] = [];
    let passingUnits = 0;
    for (const i of counted) {
      if (matched[i]) {
        matching.push(i);
        passingUnits += creditUnits[i]!;
      }
    }

    if (requirement.bestGroupBy) {
      results.set(requirement.id, bestGroup(model, matching, requirement.bestGroupBy));
    } else if (compiledRequirement.overflowFrom) {
      if (areaTotals === null) {
        areaTotals = new Float64Array(7);
        for (const i of counted) {
          const ag = entries[i]!.ag;
          if (ag !== null) areaTotals[AREA_INDEX[ag]] = areaTotals[AREA_INDEX[ag]]! + creditUnits[i]!;
        }
      }
      const overflowing = new Set<AgArea>();
      for (const [area, from] of compiledRequirement.overflowFrom) {
        const total = areaTotals[AREA_INDEX[area]]!;
        let drawn = 0;
        for (const source of from) {
          const used = results.get(source.requirement.id)!;
          let inArea = 0;
          for (const i of used.entries) if (entries[i]!.ag === area) inArea += creditUnits[i]!;
          drawn += Math.min(source.requiredUnits, inArea);
        }
        const used = Math.min(total, drawn);
        if (total > used) {
          passingUnits += total - used;
          overflowing.add(area);
        }
      }
      let listed = matching;
      if (overflowing.size > 0) {
        listed = [];
        for (const i of counted) {
          const ag = entries[i]!.ag;
          if (matched[i] || (ag !== null && overflowing.has(ag))) listed.push(i);
        }
      }
      results.set(requirement.id, { passingUnits, entries: listed });
    } else {
      results.set(requirement.id, { passingUnits, entries: matching });
    }
  }
  return results;
}

function bestGroup(model: CourseModel, matching: number[], field: 'language'): RequirementEvaluation {
  const groups = new Map<string, number>();
  for (const i of matching) {
    const key = model.entries[i]![field] ?? '';
    groups.set(key, (groups.get(key) ?? 0) + model.creditUnits[i]!);
  }
  let best: string | null = null;
  let bestUnits = -1;
  for (const [key, units] of groups) {
    if (units > bestUnits || (units === bestUnits && best !== null && compareCodePoints(key, best) < 0)) {
      best = key;
      bestUnits = units;
    }
  }
  if (best === null) return { passingUnits: 0, entries: [] };
  return { passingUnits: bestUnits, entries: matching.filter((i) => (model.entries[i]![field] ?? '') === best) };
}

/** Code-point order (not UTF-16 code units, which differ beyond the Basic Multilingual Plane). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k]!.codePointAt(0)! - y[k]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function compile(set: RequirementSet): CompiledSet {
  const cached = compiled.get(set);
  if (cached) return cached;
  const byId = new Map<string, CompiledRequirement>();
  const requirements: CompiledRequirement[] = set.requirements.map((requirement, index) => {
    const matchers = new Map<string, EntryMatcher>();
    for (const verdict of set.verdicts) matchers.set(verdict.id, selectorMatcher(requirement.countsIn?.[verdict.id] ?? requirement.counts));
    const entry: CompiledRequirement = { index, requirement, requiredUnits: toCreditUnits(requirement.credits), matchers, overflowFrom: null };
    if (byId.has(requirement.id)) throw new Error(`requirement set '${set.name}': requirement '${requirement.id}' appears twice`);
    byId.set(requirement.id, entry);
    return entry;
  });
  for (const entry of requirements) {
    const from = entry.requirement.overflowFrom;
    if (!from) continue;
    entry.overflowFrom = Object.entries(from).map(([area, ids]) => [
      area as AgArea,
      (ids ?? []).map((id) => {
        const source = byId.get(id);
        if (!source || source.requirement.overflowFrom) throw new Error(`requirement set '${set.name}': '${entry.requirement.id}' overflows from unknown or overflow requirement '${id}'`);
        return source;
      }),
    ]);
  }
  const plan: CompiledSet = {
    set,
    requirements,
    evaluationOrder: [...requirements.filter((r) => !r.overflowFrom), ...requirements.filter((r) => r.overflowFrom)],
  };
  compiled.set(set, plan);
  return plan;
}

function selectorMatcher(selector: MarkSelector): EntryMatcher {
  const tests: EntryMatcher[] = [];
  const { tag, ag, subject } = selector;
  if (tag !== undefined) tests.push((e) => e.tags.includes(tag));
  if (ag !== undefined) {
    const areas: readonly (string | null)[] = typeof ag === 'string' ? [ag] : ag;
    tests.push((e) => areas.includes(e.ag));
  }
  if (subject !== undefined) {
    const subjects: readonly (string | null)[] = typeof subject === 'string' ? [subject] : subject;
    tests.push((e) => subjects.includes(e.subject));
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (e) => tests.every((test) => test(e));
}
