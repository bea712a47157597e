// The master-schedule builder: when each section meets, who teaches it, where, so that the student
// scheduler can then give students what they asked for (docs/master-schedule.md).
//
// 1. Count before searching: shortages that make every schedule impossible are named, not searched for.
// 2. Construct: locked sections first, then the sections of the courses with fewest sections (AP
//    singletons, music, second languages), each at the time that clashes least with the courses the
//    same students asked for, then the big courses, spread so that their seats are where students are free.
// 3. Improve: move a section to another time, or swap two of a teacher's sections, judged by a quick
//    estimate of the student scheduler's result; keep what does not make it worse.
// 4. Judge: the student scheduler itself sections the construction and the improved schedule (and the
//    spread-evenly schedule when there is time); the best goes out.
//
// Given HiGHS (`placementSolver`: the CLI, the server and the benchmark give it), steps 2–4 are
// instead the request-aware build of issue #24 (`searchWithJudge` below): the MILP placement of
// master-milp.ts, then a large-neighbourhood search judged by the student scheduler itself on the
// students each move affects (master-lns.ts), until the time limit or the bound of master-bound.ts.
import type { MasterInput, MasterScheduleOutput, ScheduledSection } from '../formats/master.ts';
import { spreadEvenlyMasterSchedule } from './master-baseline.ts';
import { checkMasterHardRules } from './master-check.ts';
import { findMasterShortages } from './master-feasibility.ts';
import { buildSchoolModel, isYear, periodOfTime, termOfTime, timeOfSlots, type SchoolModel } from './master-model.ts';
import { makeRoomFor, SectionPlacer } from './master-placement.ts';
import { SectioningProxy, type ProxyEstimate } from './master-proxy.ts';
import { masterBound, type MasterBound } from './master-bound.ts';
import { IncrementalJudge, figuresBetter } from './master-lns.ts';
import { placeByProgram, type PlacementSolver } from './master-milp.ts';
import { IllegalPlacement, Timetable } from './master-timetable.ts';
import { SeededRandom } from '../random.ts';
import { scheduleStudents } from './sectioning-engine.ts';
import { scoreSectioning } from './sectioning-score.ts';

/** What the student scheduler made of a master schedule (the figures of sectioning.md). */
export interface SectioningJudgement {
  score: number;
  requiredMet: number;
  requiredTotal: number;
  studentsComplete: number;
  /** Per course id: requests for it left unmet (the judge's pointer to where the schedule hurts). */
  unmetByCourse?: Record<string, number>;
}

/** Sections every student of the instance, within `timeLimitSeconds`, and says how well it went. */
export type SectioningJudge = (instance: MasterScheduleOutput, timeLimitSeconds: number) => SectioningJudgement;

/** The student scheduler as judge: the same engine `homeroom schedule students` runs. */
export function sectioningJudge(seed = 1, now?: () => number): SectioningJudge {
  return (instance, timeLimitSeconds) => {
    const result = scheduleStudents(instance, { seed, timeLimitSeconds, ...(now ? { now } : {}) });
    const { score, requiredMet, requiredTotal, studentsComplete } = scoreSectioning(instance, result);
    const unmetByCourse: Record<string, number> = {};
    for (const unmet of result.unmet) unmetByCourse[unmet.course] = (unmetByCourse[unmet.course] ?? 0) + 1;
    return { score, requiredMet, requiredTotal, studentsComplete, unmetByCourse };
  };
}

export interface MasterBuildProgress {
  phase: 'construction' | 'search' | 'judging';
  seconds: number;
  message: string;
}

export interface MasterBuildOptions {
  /** Seeds every random choice (default 1). */
  seed?: number;
  /** Wall-clock budget in seconds, measured by `now` from the call (default 60). */
  timeLimitSeconds?: number;
  /** Milliseconds from any fixed origin; without it the search is bounded by `maxMoves` alone. */
  now?: () => number;
  /** How many constructions to try before improving the best (default 40 with `now`, within a tenth of the time; 6 without). */
  constructions?: number;
  /** Upper bound on improvement moves tried (default: unbounded with `now`, 2,000 without). */
  maxMoves?: number;
  /** Judges the final candidates: the student scheduler by default; `null` leaves it to the estimate. */
  judge?: SectioningJudge | null;
  /**
   * The school's master schedule as it stands (same courses, teachers and rooms as the input).
   * Where it keeps every hard rule it is a candidate from the start: the search starts from it when
   * the estimate rates it at least as well as the constructions, and it wins a tie at the end, so a
   * build never proposes a schedule its judge rates below the one the school already has, nor
   * moves sections for nothing.
   */
  incumbent?: MasterScheduleOutput;
  onProgress?: (progress: MasterBuildProgress) => void;
  /**
   * HiGHS (the `highs` package), to place sections by the request-aware program of master-milp.ts
   * and then improve with the judge itself (a large-neighbourhood search). Without it the builder
   * constructs greedily and searches on the estimate, as before.
   */
  placementSolver?: PlacementSolver;
}

export interface MasterBuildStats {
  seconds: number;
  movesTried: number;
  movesKept: number;
  /** Which candidate went out: the construction, the improved one, the spread-evenly schedule or the incumbent. */
  chosen: 'construction' | 'search' | 'spread-evenly' | 'incumbent';
  /** Why the incumbent could not be a candidate (a placement breaking a hard rule), when one was given. */
  incumbentRefused?: string;
  /** The student scheduler's result on the incumbent, when it was judged: the figures to compare the proposal with. */
  incumbentJudgement?: SectioningJudgement;
  estimate: Omit<ProxyEstimate, 'unmetByCourse'>;
  judgement: SectioningJudgement | null;
  /**
   * What no master schedule can beat (students whose requests cannot all be met whatever the
   * schedule, required requests no schedule can meet), and how far the judgement is from it.
   */
  bound?: MasterBound;
  gap?: { studentsComplete: number; requiredMet: number };
  /** Neighbourhoods the judge sectioned, and how many it rated better. */
  neighbourhoodsJudged?: number;
  neighbourhoodsKept?: number;
}

export type MasterBuild =
  | { status: 'built'; instance: MasterScheduleOutput; stats: MasterBuildStats }
  /**
   * No schedule keeps every hard rule, or none was found. `brokenRules` is set only when the
   * builder refused its own schedule (each rule it broke, by section): a builder bug, never an
   * answer about the school.
   */
  | { status: 'infeasible'; reasons: string[]; brokenRules?: string[] };

/** At most this many broken rules are named one by one; the rest are counted. */
const BROKEN_RULES_NAMED = 20;

/**
 * Builds the master schedule, then checks every hard rule of master.md on what it is about to hand
 * back, with the checker written apart from the builder: a schedule that breaks one is refused
 * (infeasible, naming each broken rule by section), never returned.
 */
export function buildMasterSchedule(input: MasterInput, options: MasterBuildOptions = {}): MasterBuild {
  let build: MasterBuild;
  try {
    build = searchMasterSchedule(input, options);
  } catch (error) {
    if (!(error instanceof IllegalPlacement)) throw error;
    return refused([error.message]);
  }
  if (build.status !== 'built') return build;
  const broken = checkMasterHardRules(input, build.instance);
  return broken.length === 0 ? build : refused(broken);
}

function refused(brokenRules: string[]): MasterBuild {
  const named = brokenRules.slice(0, BROKEN_RULES_NAMED).map((rule) => `the builder's schedule breaks a hard rule, so it is not written: ${rule}`);
  const more = brokenRules.length - named.length;
  return { status: 'infeasible', reasons: more > 0 ? [...named, `and ${more} more broken rules`] : named, brokenRules };
}

function searchMasterSchedule(input: MasterInput, options: MasterBuildOptions): MasterBuild {
  const now = options.now ?? (() => 0);
  const started = now();
  const limitMs = (options.timeLimitSeconds ?? 60) * 1000;
  const elapsed = () => (now() - started) / 1000;
  const progress = (phase: MasterBuildProgress['phase'], message: string) => options.onProgress?.({ phase, seconds: elapsed(), message });
  const generator = new SeededRandom(options.seed ?? 1);
  const random = () => generator.next();
  const judge = options.judge === undefined ? sectioningJudge(options.seed ?? 1, options.now) : options.judge;

  const model = buildSchoolModel(input);
  const shortages = findMasterShortages(model);
  if (shortages.length > 0) return { status: 'infeasible', reasons: shortages };

  const demand = new CourseDemand(model);
  const proxy = model.slotNames.length <= 31 ? new SectioningProxy(model) : null;
  if (options.placementSolver && options.judge !== null) {
    return searchWithJudge(model, demand, proxy, options.placementSolver, { options, elapsed, limitSeconds: limitMs / 1000, progress, random });
  }
  // Construction is greedy and sensitive to the order of ties: several tries, the best by the estimate.
  const tries = options.constructions ?? (options.now ? 40 : 6);
  let current: Timetable | null = null;
  let estimate: ProxyEstimate | undefined;
  let unplaced: string[] = [];
  for (let attempt = 0; attempt < tries; attempt++) {
    if (attempt > 0 && options.now && elapsed() > (limitMs / 1000) * 0.1) break;
    const constructed = construct(model, demand, random);
    if ('unplaced' in constructed) {
      unplaced = constructed.unplaced;
      continue;
    }
    const next = proxy?.estimate(constructed.timetable.time);
    if (!current || (next && estimate && objective(next) > objective(estimate))) {
      current = constructed.timetable;
      estimate = next;
    }
    if (!proxy) break;
  }
  if (!current) {
    return {
      status: 'infeasible',
      reasons: [`no teacher and room could be found for ${unplaced.join(', ')} once the other sections were placed (every count allows it, but the teachers' and rooms' free periods do not line up)`],
    };
  }
  progress('construction', estimate ? `constructed; estimate ${describe(estimate)}` : 'constructed');

  const placedIncumbent = options.incumbent ? placeIncumbent(model, options.incumbent) : null;
  const incumbent = placedIncumbent && 'timetable' in placedIncumbent ? placedIncumbent.timetable : null;
  const incumbentRefused = placedIncumbent && 'refused' in placedIncumbent ? placedIncumbent.refused : undefined;
  let searchFromIncumbent = false;
  if (incumbent && proxy && estimate) {
    const incumbentEstimate = proxy.estimate(incumbent.time);
    if (objective(incumbentEstimate) >= objective(estimate)) {
      current = incumbent;
      estimate = incumbentEstimate;
      searchFromIncumbent = true;
    }
    progress('construction', `schedule as it stands: estimate ${describe(incumbentEstimate)}`);
  }

  // The judge's time on the construction tells how much of the budget to keep for judging at the end.
  let judgedConstruction: SectioningJudgement | null = null;
  let judgeSeconds = 0;
  const constructionInstance = current.toInstance();
  // Judging needs a few seconds of the budget; a tighter limit leaves the choice to the estimate.
  if (judge && (!options.now || limitMs / 1000 - elapsed() > 3)) {
    const before = elapsed();
    judgedConstruction = judge(constructionInstance, Math.max(1, (limitMs / 1000) * 0.15));
    judgeSeconds = elapsed() - before;
    progress('judging', `construction sectioned: ${describe(judgedConstruction)}`);
  }

  let movesTried = 0;
  let movesKept = 0;
  // Whether the search found a schedule the estimate rates above the construction.
  let improved = false;
  if (proxy && estimate) {
    const maxMoves = options.maxMoves ?? (options.now ? Infinity : 2000);
    const reserve = judge ? judgeSeconds * 2.5 + 1 : 0.5;
    const stopAt = limitMs / 1000 - reserve;
    const search = improve(model, demand, proxy, current, estimate, random, () => movesTried >= maxMoves || elapsed() >= stopAt, (kept, now) => {
      movesTried++;
      if (kept) movesKept++;
      if (movesTried % 200 === 0) progress('search', `${movesTried} moves tried, ${movesKept} kept; estimate ${describe(now)}`);
    });
    improved = search.timetable !== current;
    current = search.timetable;
    estimate = search.estimate;
  }

  let chosen: MasterBuildStats['chosen'] = improved ? 'search' : searchFromIncumbent ? 'incumbent' : 'construction';
  let instance = current.toInstance();
  let judgement: SectioningJudgement | null = null;
  let incumbentJudgement: SectioningJudgement | undefined;
  if (judge && judgedConstruction) {
    const remaining = () => limitMs / 1000 - elapsed();
    judgement = improved || searchFromIncumbent ? judge(instance, Math.max(1, remaining() * 0.45)) : judgedConstruction;
    if (improved) progress('judging', `improved schedule sectioned: ${describe(judgement)}`);
    // Judged once: sectioning the same schedule again could give other figures within its budget.
    if (searchFromIncumbent && !improved) incumbentJudgement = judgement;
    if ((improved || searchFromIncumbent) && better(judgedConstruction, judgement)) {
      chosen = 'construction';
      instance = constructionInstance;
      judgement = judgedConstruction;
    }
    // The schedule as it stands wins ties: a build that finds nothing better proposes no moves.
    if (incumbent && chosen !== 'incumbent') {
      const incumbentInstance = incumbent.toInstance();
      const judged = incumbentJudgement ?? judge(incumbentInstance, Math.max(1, remaining() * 0.45));
      incumbentJudgement = judged;
      progress('judging', `schedule as it stands sectioned: ${describe(judged)}`);
      if (!better(judgement, judged)) {
        chosen = 'incumbent';
        instance = incumbentInstance;
        judgement = judged;
      }
    }
    // The spread-evenly schedule is a candidate too when the budget allows, so the builder never does worse than it.
    if (remaining() > judgeSeconds * 1.5 + 0.5) {
      const spread = spreadEvenlyMasterSchedule(input, options.seed ?? 1);
      if (spread.status === 'built') {
        const judged = judge(spread.instance, Math.max(1, remaining() * 0.8));
        progress('judging', `spread-evenly schedule sectioned: ${describe(judged)}`);
        if (better(judged, judgement)) {
          chosen = 'spread-evenly';
          instance = spread.instance;
          judgement = judged;
        }
      }
    }
  }
  const { unmetByCourse: _unmet, ...figures } = estimate ?? { score: 0, requiredMet: 0, requiredTotal: 0, requestsMet: 0, studentsComplete: 0, unmetByCourse: null };
  return { status: 'built', instance, stats: { seconds: elapsed(), movesTried, movesKept, chosen, estimate: figures, judgement: judgement ? withoutUnmet(judgement) : null, ...(incumbentRefused ? { incumbentRefused } : {}), ...(incumbentJudgement ? { incumbentJudgement: withoutUnmet(incumbentJudgement) } : {}) } };
}

/**
 * The incumbent schedule on the builder's model, each section where it is now, or the first
 * placement that breaks a hard rule of the input (a teacher no longer qualified, a room too small,
 * a lock it does not keep): then it cannot be a candidate, and the build starts from scratch.
 */
function placeIncumbent(model: SchoolModel, incumbent: MasterScheduleOutput): { timetable: Timetable } | { refused: string } {
  const timetable = new Timetable(model);
  const teacherIndex = new Map(model.input.teachers.map((t, i) => [t.id, i]));
  const roomIndex = new Map(model.input.rooms.map((r, i) => [r.id, i]));
  const byCourse = new Map<string, ScheduledSection[]>();
  for (const section of incumbent.sections) byCourse.set(section.course, [...(byCourse.get(section.course) ?? []), section]);
  const slotsKnown = (slots: readonly string[]) => slots.length > 0 && slots.every((slot) => model.slotIndex.has(slot));
  // Locked sections take their placement first, so an unlocked one cannot take the lock's.
  const order = model.sections.map((_, s) => s).sort((a, b) => Number(model.sections[b]!.lock >= 0) - Number(model.sections[a]!.lock >= 0));
  for (const s of order) {
    const section = model.sections[s]!;
    const course = model.courses[section.course]!;
    const pool = byCourse.get(course.id) ?? [];
    const keepsLock = (p: ScheduledSection) =>
      slotsKnown(p.slots) &&
      (section.lockedTime < 0 || timeOfSlots(model, section.course, p.slots) === section.lockedTime) &&
      (section.lockedTeacher < 0 || teacherIndex.get(p.teacher) === section.lockedTeacher) &&
      (section.lockedRoom < 0 || roomIndex.get(p.room) === section.lockedRoom);
    let index = pool.findIndex((p) => p.id === section.id && keepsLock(p));
    if (index < 0) index = pool.findIndex(keepsLock);
    if (index < 0) return { refused: `${section.id} (${course.id}): no section of the schedule as it stands keeps its lock` };
    const [placement] = pool.splice(index, 1) as [ScheduledSection];
    const time = timeOfSlots(model, section.course, placement.slots);
    const teacher = teacherIndex.get(placement.teacher) ?? -1;
    const room = roomIndex.get(placement.room) ?? -1;
    const where = `${placement.id} (${course.id}) in ${placement.slots.join(' ')}`;
    if (!model.courseTimes[section.course]!.includes(time) || model.timeSlots[time]!.length !== placement.slots.length) return { refused: `${where}: not a time the course can meet` };
    if (teacher < 0 || (section.lockedTeacher < 0 && !model.qualified[section.course]!.includes(teacher))) return { refused: `${where}: teacher ${placement.teacher} is not qualified` };
    if (!timetable.teacherCanTake(s, time, teacher)) return { refused: `${where}: teacher ${placement.teacher} is busy, away or over their sections` };
    if (room < 0 || (section.lockedRoom < 0 && !model.roomsFor[section.course]!.includes(room)) || timetable.roomFor(s, time, room) !== room) return { refused: `${where}: room ${placement.room} is taken or does not suit` };
    if (!timetable.studentsAllow(s, time)) return { refused: `${where}: its fixed students are away then` };
    timetable.place(s, time, teacher, room);
  }
  return { timetable };
}

function better(a: SectioningJudgement, b: SectioningJudgement): boolean {
  return a.score > b.score || (a.score === b.score && a.studentsComplete > b.studentsComplete);
}

/** The figures of an estimate or a judgement, as progress lines give them. */
function describe(figures: Pick<SectioningJudgement, 'requiredMet' | 'requiredTotal' | 'studentsComplete' | 'score'>): string {
  return `${figures.requiredMet}/${figures.requiredTotal} required, ${figures.studentsComplete} complete, score ${round(figures.score)}`;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Who asks for what together. Each course is a group of sections; a lock with fixed students is a
 * group of its own (its students need that very section), and `together` counts, for two groups,
 * the students asking for both, a required request weighing 10 and another 1 (the lesser of the two).
 */
class CourseDemand {
  readonly groups: number;
  readonly groupOf: Int32Array;
  readonly sectionsInGroup: Int32Array;
  readonly together: Float64Array;
  readonly weight: Float64Array;
  /** group * timeCount + time: weight of the group's students who cannot be there then. */
  readonly awayWeight: Float64Array;
  /** Groups asked for with each group, strongest first, for quick cost sums. */
  readonly partners: { group: number; weight: number }[][];

  constructor(model: SchoolModel) {
    const courses = model.courses.length;
    const lockGroups = new Map<number, number>();
    model.sections.forEach((section, s) => {
      if (section.fixedStudents.length > 0) lockGroups.set(s, courses + lockGroups.size);
    });
    this.groups = courses + lockGroups.size;
    this.groupOf = Int32Array.from(model.sections, (section, s) => lockGroups.get(s) ?? section.course);
    this.sectionsInGroup = new Int32Array(this.groups);
    for (const group of this.groupOf) this.sectionsInGroup[group]!++;
    this.together = new Float64Array(this.groups * this.groups);
    this.weight = new Float64Array(this.groups);
    this.awayWeight = new Float64Array(this.groups * model.timeCount);
    const lockById = new Map(model.sections.flatMap((section, s) => (section.lock >= 0 && section.fixedStudents.length > 0 ? [[model.input.locks![section.lock]!.id!, s] as const] : [])));
    for (const student of model.input.students) {
      const wanted = new Map<number, number>();
      const fixedCourses = new Set<number>();
      for (const id of (student.fixed ?? []).map(String)) {
        const s = lockById.get(id);
        if (s === undefined) continue;
        wanted.set(this.groupOf[s]!, 10);
        fixedCourses.add(model.sections[s]!.course);
      }
      for (const request of student.requests ?? []) {
        const c = model.courseIndex.get(String(request.course));
        if (c === undefined || fixedCourses.has(c) || model.courses[c]!.sections === 0) continue;
        wanted.set(c, Math.max(wanted.get(c) ?? 0, request.required ? 10 : 1));
      }
      const list = [...wanted];
      const away = new Set((student.unavailableSlots ?? []).map((slot) => model.slotIndex.get(slot)!));
      const awayTimes = away.size === 0 ? [] : model.timeSlots.flatMap((slots, time) => (slots.some((slot) => away.has(slot)) ? [time] : []));
      for (const [a, wa] of list) {
        this.weight[a]! += wa;
        for (const time of awayTimes) this.awayWeight[a * model.timeCount + time]! += wa;
        for (const [b, wb] of list) if (a !== b) this.together[a * this.groups + b]! += Math.min(wa, wb);
      }
    }
    this.partners = Array.from({ length: this.groups }, (_, a) => {
      const found: { group: number; weight: number }[] = [];
      for (let b = 0; b < this.groups; b++) {
        const w = this.together[a * this.groups + b]!;
        if (w > 0) found.push({ group: b, weight: w });
      }
      return found.sort((x, y) => y.weight - x.weight);
    });
  }
}

/** Sections per group per time, to price a placement by the clashes it makes. */
class GroupTimes {
  readonly count: Int32Array;
  constructor(private readonly model: SchoolModel, private readonly demand: CourseDemand) {
    this.count = new Int32Array(demand.groups * model.timeCount);
  }

  add(section: number, time: number, delta: number): void {
    this.count[this.demand.groupOf[section]! * this.model.timeCount + time]! += delta;
  }

  /** Sections of `group` meeting at a time that shares a slot with `time`. */
  clashing(group: number, time: number): number {
    const { model } = this;
    const base = group * model.timeCount;
    const period = periodOfTime(model, time);
    if (time < model.periods) {
      let sum = this.count[base + time]!;
      for (let term = 0; term < model.terms; term++) sum += this.count[base + model.periods + term * model.periods + period]!;
      return sum;
    }
    return this.count[base + period]! + this.count[base + time]!;
  }

  /** Sections of `group` in the same period as semester `time` but another term: the pairing a student's two semester courses need. */
  pairing(group: number, time: number): number {
    const { model } = this;
    if (time < model.periods) return 0;
    const base = group * model.timeCount;
    const period = periodOfTime(model, time);
    const term = termOfTime(model, time);
    let sum = 0;
    for (let other = 0; other < model.terms; other++) if (other !== term) sum += this.count[base + model.periods + other * model.periods + period]!;
    return sum;
  }
}

/** How much a section at `time` hurts the students who ask for its group: clashes, crowding, unpaired semesters. */
function placementCost(model: SchoolModel, demand: CourseDemand, times: GroupTimes, section: number, time: number): number {
  const group = demand.groupOf[section]!;
  const mine = demand.sectionsInGroup[group]!;
  // Students who cannot come then lose this section: it is theirs only if the group has others elsewhere.
  let cost = demand.awayWeight[group * model.timeCount + time]! / mine;
  const semester = time >= model.periods;
  for (const { group: other, weight } of demand.partners[group]!) {
    const theirs = demand.sectionsInGroup[other]!;
    const clash = times.clashing(other, time);
    if (clash > 0) cost += (weight * clash) / (mine * theirs);
    if (semester) {
      const paired = times.pairing(other, time);
      if (paired > 0) cost -= (0.3 * weight * paired) / (mine * theirs);
    }
  }
  // A course's own sections crowded into one period leave its students fewer ways round their other courses.
  cost += (0.5 * demand.weight[group]! * times.clashing(group, time)) / (mine * mine);
  return cost;
}

function construct(model: SchoolModel, demand: CourseDemand, random: () => number): { timetable: Timetable } | { unplaced: string[] } {
  const timetable = new Timetable(model);
  const placer = new SectionPlacer(model);
  const times = new GroupTimes(model, demand);
  const unplaced: string[] = [];
  const put = (s: number, time: number) => {
    if (!placer.place(timetable, s, time)) return false;
    times.add(s, time, 1);
    return true;
  };
  for (const [s, section] of model.sections.entries()) {
    if (section.lockedTime >= 0 && !put(s, section.lockedTime)) unplaced.push(section.id);
  }
  // Scarce first: locked teachers, then the groups with fewest sections and most students asking,
  // courses sharing these sections' teachers in between by how little slack they have.
  const jitter = Float64Array.from(model.sections, () => random());
  const order = model.sections
    .map((section, s) => s)
    .filter((s) => model.sections[s]!.lockedTime < 0)
    .sort((a, b) => key(a) - key(b) || jitter[a]! - jitter[b]!);
  function key(s: number): number {
    const section = model.sections[s]!;
    const group = demand.groupOf[s]!;
    const pressure = demand.weight[group]! / demand.sectionsInGroup[group]!;
    return (section.lockedTeacher >= 0 || section.fixedStudents.length > 0 ? 0 : 1e9) + demand.sectionsInGroup[group]! * 1e5 - Math.min(pressure, 9e4);
  }
  for (const s of order) {
    let best = -1;
    let bestCost = Infinity;
    for (const time of model.courseTimes[model.sections[s]!.course]!) {
      if (!placer.fits(timetable, s, time)) continue;
      const cost = placementCost(model, demand, times, s, time) + random() * 1e-6;
      if (cost < bestCost) {
        best = time;
        bestCost = cost;
      }
    }
    if (best >= 0 && put(s, best)) continue;
    const placedBy = makeRoomFor(model, timetable, placer, s, (b, from, to) => {
      times.add(b, from, -1);
      times.add(b, to, 1);
    });
    if (placedBy >= 0) times.add(s, placedBy, 1);
    else unplaced.push(model.sections[s]!.id);
  }
  return unplaced.length > 0 ? { unplaced } : { timetable };
}

const objective = (estimate: ProxyEstimate) => estimate.score + estimate.studentsComplete;

/** Hill-climbing on the estimate: relocate a section or swap two of a teacher's sections; keep ties. */
function improve(
  model: SchoolModel,
  demand: CourseDemand,
  proxy: SectioningProxy,
  start: Timetable,
  startEstimate: ProxyEstimate,
  random: () => number,
  done: () => boolean,
  tried: (kept: boolean, estimate: ProxyEstimate) => void,
): { timetable: Timetable; estimate: ProxyEstimate } {
  const timetable = start.clone();
  let estimate = startEstimate;
  let best = { timetable: start, estimate: startEstimate };
  const movable = model.sections.map((_, s) => s).filter((s) => model.sections[s]!.lockedTime < 0);
  if (movable.length === 0) return best;
  const sectionsOfCourse = model.courses.map((_, c) => movable.filter((s) => model.sections[s]!.course === c));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Nothing left to improve: this many moves in a row without a better schedule ends the search early.
  const patience = Math.max(1500, 6 * movable.length);
  let sinceBetter = 0;

  while (!done() && sinceBetter < patience) {
    sinceBetter++;
    // Half the moves go where the estimate leaves requests unmet: a section of such a course or of a course asked with it.
    let s = pick(movable);
    const unmet = estimate.unmetByCourse;
    let total = 0;
    for (const n of unmet) total += n;
    if (total > 0 && random() < 0.6) {
      let r = random() * total;
      let course = 0;
      for (; course < unmet.length - 1 && r >= unmet[course]!; course++) r -= unmet[course]!;
      const partners = demand.partners[course]!.filter((p) => p.group < model.courses.length && sectionsOfCourse[p.group]!.length > 0);
      const own = sectionsOfCourse[course]!;
      if (own.length > 0 && (partners.length === 0 || random() < 0.5)) s = pick(own);
      else if (partners.length > 0) s = pick(sectionsOfCourse[pick(partners.slice(0, 8)).group]!);
    }
    const undo = random() < 0.7 ? relocate(model, timetable, s, pick(model.courseTimes[model.sections[s]!.course]!)) : swapWithColleague(model, timetable, s, pick);
    if (!undo) {
      // An impossible move still counts, or a school where nothing can move would never stop.
      tried(false, estimate);
      continue;
    }
    const next = proxy.estimate(timetable.time);
    const kept = objective(next) >= objective(estimate);
    if (kept) {
      estimate = next;
      if (objective(next) > objective(best.estimate)) {
        best = { timetable: timetable.clone(), estimate: next };
        sinceBetter = 0;
      }
    } else undo();
    tried(kept, estimate);
  }
  return best;
}

type Undo = () => void;

function relocate(model: SchoolModel, timetable: Timetable, s: number, time: number): Undo | null {
  const before = { time: timetable.time[s]!, teacher: timetable.teacher[s]!, room: timetable.room[s]! };
  if (time === before.time || !timetable.studentsAllow(s, time) || crowds(model, timetable, s, time)) return null;
  let teacher = before.teacher;
  if (!timetable.teacherCanTake(s, time, teacher)) {
    if (model.sections[s]!.lockedTeacher >= 0) return null;
    const others = timetable.teachersFor(s, time);
    if (others.length === 0) return null;
    teacher = others[0]!;
  }
  const room = timetable.roomFor(s, time, before.room);
  if (room < 0) return null;
  timetable.place(s, time, teacher, room);
  return () => timetable.place(s, before.time, before.teacher, before.room);
}

/**
 * Whether `time` already holds its even share of the section's course. The estimate takes seats as
 * unlimited, so without this a big course could crowd one period at no apparent cost (a search that
 * allowed one section more than the even share lost 84 complete schedules of 2,500 to crowding).
 */
function crowds(model: SchoolModel, timetable: Timetable, s: number, time: number): boolean {
  const course = model.sections[s]!.course;
  // An even spread: a year course's sections over the periods, a semester course's over the slots.
  const share = Math.ceil(model.courses[course]!.sections / (isYear(model, course) ? model.periods : model.slotNames.length));
  let here = 0;
  for (let o = 0; o < model.sections.length; o++) {
    const at = timetable.time[o]!;
    if (o !== s && at >= 0 && model.sections[o]!.course === course && model.clash[at * model.timeCount + time]) here++;
  }
  return here + 1 > share;
}

/** Exchanges the times of two sections the same teacher teaches: the move a full teacher allows. */
function swapWithColleague(model: SchoolModel, timetable: Timetable, s: number, pick: <T>(list: readonly T[]) => T): Undo | null {
  const teacher = timetable.teacher[s]!;
  const mates: number[] = [];
  for (let o = 0; o < model.sections.length; o++) {
    if (o !== s && timetable.teacher[o] === teacher && model.sections[o]!.lockedTime < 0 && timetable.time[o] !== timetable.time[s]) mates.push(o);
  }
  if (mates.length === 0) return null;
  const o = pick(mates);
  const a = { time: timetable.time[s]!, room: timetable.room[s]! };
  const b = { time: timetable.time[o]!, room: timetable.room[o]! };
  const yearA = isYear(model, model.sections[s]!.course);
  const yearB = isYear(model, model.sections[o]!.course);
  // A year section and a semester section trade only a period: the semester one keeps its term.
  const timeForS = yearA === yearB ? b.time : yearA ? periodOfTime(model, b.time) : model.periods + termOfTime(model, a.time) * model.periods + periodOfTime(model, b.time);
  const timeForO = yearA === yearB ? a.time : yearB ? periodOfTime(model, a.time) : model.periods + termOfTime(model, b.time) * model.periods + periodOfTime(model, a.time);
  timetable.unplace(s);
  timetable.unplace(o);
  const restore = () => {
    timetable.unplace(s);
    timetable.unplace(o);
    timetable.place(s, a.time, teacher, a.room);
    timetable.place(o, b.time, teacher, b.room);
  };
  if (!timetable.studentsAllow(s, timeForS) || !timetable.teacherCanTake(s, timeForS, teacher)) return restoreAndFail(restore);
  const roomS = timetable.roomFor(s, timeForS, b.room);
  if (roomS < 0) return restoreAndFail(restore);
  timetable.place(s, timeForS, teacher, roomS);
  if (!timetable.studentsAllow(o, timeForO) || !timetable.teacherCanTake(o, timeForO, teacher)) return restoreAndFail(restore);
  const roomO = timetable.roomFor(o, timeForO, a.room);
  if (roomO < 0) return restoreAndFail(restore);
  timetable.place(o, timeForO, teacher, roomO);
  return restore;
}

function restoreAndFail(restore: Undo): null {
  restore();
  return null;
}

interface JudgeSearchContext {
  options: MasterBuildOptions;
  elapsed: () => number;
  limitSeconds: number;
  progress: (phase: MasterBuildProgress['phase'], message: string) => void;
  random: () => number;
}

/**
 * The request-aware build (issue #24). Construction by the program of master-milp.ts (the greedy
 * construction when the program's plan cannot be staffed); the schedule as it stands and the
 * spread-evenly schedule are sectioned beside it and the start is the one completing most students
 * (unless another meets clearly more required requests). Then a large-neighbourhood search with the
 * student scheduler itself as the judge (master-lns.ts): one section of a course an incomplete
 * student asks for, or the sections of one to three courses (most often those whose requests the
 * judge leaves unmet, or the small courses asked with them), move to other times, and the holders
 * of the moved sections and the incomplete students who ask for those courses are sectioned again
 * in the seats the others leave; the move is kept only when they come out
 * better (required requests, then complete schedules, then the score). Every move goes through the
 * timetable, which refuses a placement that breaks a hard rule. It stops at the time limit, or
 * when the judgement reaches the bound no schedule can beat.
 */
function searchWithJudge(model: SchoolModel, demand: CourseDemand, proxy: SectioningProxy | null, solver: PlacementSolver, context: JudgeSearchContext): MasterBuild {
  const { options, elapsed, limitSeconds, progress, random } = context;
  const seed = options.seed ?? 1;
  const remaining = () => limitSeconds - elapsed();
  const bound = masterBound(model);
  // A full sectioning per candidate, a small share of the budget each.
  const fullLimit = Math.max(0.5, Math.min(10, limitSeconds * 0.06));
  let fullSeconds = 0;
  const sectionAll = (instance: MasterScheduleOutput) => {
    const before = elapsed();
    const result = scheduleStudents(instance, { seed, timeLimitSeconds: fullLimit, ...(options.now ? { now: options.now } : {}) });
    const score = scoreSectioning(instance, result);
    fullSeconds = Math.max(fullSeconds, elapsed() - before);
    const judgement: SectioningJudgement = { score: score.score, requiredMet: score.requiredMet, requiredTotal: score.requiredTotal, studentsComplete: score.studentsComplete };
    return { instance, result, judgement };
  };

  const requiredSlack = Math.ceil(bound.requiredTotal * 0.005);
  // The start: the candidate with more complete schedules unless the other meets clearly more
  // required requests (the search recovers a few required requests more easily than complete schedules).
  const startBetter = (a: SectioningJudgement, b: SectioningJudgement) =>
    Math.abs(a.requiredMet - b.requiredMet) > requiredSlack ? a.requiredMet > b.requiredMet : a.studentsComplete !== b.studentsComplete ? a.studentsComplete > b.studentsComplete : figuresBetter(a, b);
  const placed = placeByProgram(model, solver, { seed, timeLimitSeconds: Math.max(1, Math.min(60, limitSeconds * 0.15)) });
  let start: Timetable | null = placed.status === 'built' ? placed.timetable : null;
  if (!start) {
    progress('construction', `the request-aware program's plan could not be staffed (${placed.status === 'infeasible' ? placed.reasons[0] : ''}); constructing greedily`);
    for (let attempt = 0; attempt < 6 && !start; attempt++) {
      const constructed = construct(model, demand, random);
      if ('timetable' in constructed) start = constructed.timetable;
    }
  }
  if (!start) return { status: 'infeasible', reasons: ['no teacher and room could be found for every section once the others were placed (every count allows it, but the teachers\' and rooms\' free periods do not line up)'] };
  let best = start;
  let bestRun = sectionAll(best.toInstance());
  let chosen: MasterBuildStats['chosen'] = 'construction';
  progress('judging', `request-aware construction sectioned: ${describe(bestRun.judgement)}`);

  const placedIncumbent = options.incumbent ? placeIncumbent(model, options.incumbent) : null;
  const incumbent = placedIncumbent && 'timetable' in placedIncumbent ? placedIncumbent.timetable : null;
  const incumbentRefused = placedIncumbent && 'refused' in placedIncumbent ? placedIncumbent.refused : undefined;
  let incumbentJudgement: SectioningJudgement | undefined;
  if (incumbent) {
    const run = sectionAll(incumbent.toInstance());
    incumbentJudgement = run.judgement;
    progress('judging', `schedule as it stands sectioned: ${describe(run.judgement)}`);
    // The schedule as it stands wins ties: a build that finds nothing better proposes no moves.
    if (!figuresBetter(bestRun.judgement, run.judgement)) {
      best = incumbent;
      bestRun = run;
      chosen = 'incumbent';
    }
  }
  const spread = spreadEvenlyMasterSchedule(model.input, seed);
  if (spread.status === 'built' && remaining() > fullSeconds * 2) {
    const asTimetable = placeIncumbent(model, spread.instance);
    if ('timetable' in asTimetable) {
      const run = sectionAll(asTimetable.timetable.toInstance());
      progress('judging', `spread-evenly schedule sectioned: ${describe(run.judgement)}`);
      if (startBetter(run.judgement, bestRun.judgement)) {
        best = asTimetable.timetable;
        bestRun = run;
        chosen = 'spread-evenly';
      }
    }
  }

  const judge = new IncrementalJudge(bestRun.instance, bestRun.result, { seed, ...(options.now ? { now: options.now } : {}) });
  const atBound = () => judge.figures.studentsComplete >= bound.studentsComplete && judge.figures.requiredMet >= bound.requiredMet;
  const movable = model.sections.map((_, s) => s).filter((s) => model.sections[s]!.lockedTime < 0);
  const sectionsOfCourse = model.courses.map((_, c) => movable.filter((s) => model.sections[s]!.course === c));
  const movableCourses = model.courses.map((_, c) => c).filter((c) => sectionsOfCourse[c]!.length > 0);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let neighbourhoodsJudged = 0;
  let neighbourhoodsKept = 0;
  let trialSeconds = 0.05;
  let unmet = judge.unmetByCourse();
  const studentById = new Map(model.input.students.map((student) => [String(student.id), student]));
  const sectionCourse = new Map(bestRun.instance.sections.map((section) => [section.id, section.course]));
  const steerShare = 0.6;
  const sectionIndex = new Map(model.sections.map((section, s) => [section.id, s]));
  // Without a clock the search is bounded by a count, so tests stay fast and deterministic.
  const maxTrials = options.now ? Infinity : (options.maxMoves ?? 40);
  let trials = 0;
  while (movableCourses.length > 0 && !atBound() && trials < maxTrials && remaining() > trialSeconds * 1.5 + 0.05) {
    trials++;
    // Courses to move: where the judge leaves requests unmet (and the small courses asked with them), else any.
    const weighted = [...unmet].flatMap(([id, count]) => {
      const c = model.courseIndex.get(id);
      return c !== undefined && sectionsOfCourse[c]!.length > 0 ? [{ c, count }] : [];
    });
    const total = weighted.reduce((sum, u) => sum + u.count, 0);
    const courses = new Set<number>();
    const size = 1 + Math.floor(random() * 3);
    for (let k = 0; k < size; k++) {
      let course = pick(movableCourses);
      if (total > 0 && random() < 0.7) {
        let r = random() * total;
        course = (weighted.find((u) => (r -= u.count) < 0) ?? weighted[weighted.length - 1]!).c;
        const partners = demand.partners[course]!.filter((p) => p.group < model.courses.length && sectionsOfCourse[p.group]!.length > 0 && model.courses[p.group]!.sections <= 6);
        if (partners.length > 0 && random() < 0.5) course = pick(partners.slice(0, 8)).group;
      }
      courses.add(course);
    }
    const trial = best.clone();
    const movedSections = new Set<string>();
    const movedCourses = new Set<string>();
    // Most neighbourhoods start from a student left incomplete: one section of a course they ask
    // for (the unmet one, or one it clashes with) moves to another time.
    const incomplete = [...judge.incompleteIds()];
    if (incomplete.length > 0 && random() < steerShare) {
      const student = studentById.get(pick(incomplete))!;
      const heldCourses = new Set(judge.held(String(student.id)).map((id) => sectionCourse.get(id)));
      const asked = (student.requests ?? []).flatMap((r) => {
        const c = model.courseIndex.get(String(r.course));
        return c !== undefined && sectionsOfCourse[c]!.length > 0 ? [{ c, unmet: !heldCourses.has(String(r.course)) && !(r.alternates ?? []).some((a) => heldCourses.has(String(a))) }] : [];
      });
      if (asked.length === 0) continue;
      const unmetAsked = asked.filter((a) => a.unmet);
      const moves = 1 + (random() < 0.3 ? 1 : 0);
      for (let k = 0; k < moves; k++) {
        const course = (unmetAsked.length > 0 && random() < 0.5 ? pick(unmetAsked) : pick(asked)).c;
        const s = pick(sectionsOfCourse[course]!);
        // Most often to a time the student has free: their other sections' times.
        const busy = judge.held(String(student.id)).flatMap((id) => {
          const other = sectionIndex.get(id);
          return other !== undefined && model.sections[other]!.course !== course && trial.time[other]! >= 0 ? [trial.time[other]!] : [];
        });
        const free = model.courseTimes[course]!.filter((t) => t !== trial.time[s] && !busy.some((b) => model.clash[t * model.timeCount + b]));
        if (relocate(model, trial, s, free.length > 0 && random() < 0.8 ? pick(free) : pick(model.courseTimes[course]!))) {
          movedSections.add(model.sections[s]!.id);
          movedCourses.add(model.courses[course]!.id);
        }
      }
      courses.clear();
    }
    for (const course of courses) {
      const own = sectionsOfCourse[course]!;
      // A small course moves whole; of a big one, one or two sections.
      const count = own.length <= 4 ? own.length : 1 + Math.floor(random() * 2);
      for (const s of [...own].sort(() => random() - 0.5).slice(0, count)) {
        if (relocate(model, trial, s, pick(model.courseTimes[course]!))) {
          movedSections.add(model.sections[s]!.id);
          movedCourses.add(model.courses[course]!.id);
        }
      }
    }
    if (movedSections.size === 0) continue;
    const before = elapsed();
    const verdict = judge.trial(trial.toInstance(), movedCourses, movedSections);
    trialSeconds = Math.max(trialSeconds * 0.8, elapsed() - before);
    neighbourhoodsJudged++;
    if (verdict.better) {
      verdict.accept();
      best = trial;
      chosen = 'search';
      neighbourhoodsKept++;
      unmet = judge.unmetByCourse();
      progress('search', `neighbourhood ${neighbourhoodsJudged} kept (${verdict.students} students sectioned again): ${describe({ ...judge.figures, requiredTotal: bestRun.judgement.requiredTotal })}`);
    } else if (neighbourhoodsJudged % 50 === 0) progress('search', `${neighbourhoodsJudged} neighbourhoods judged, ${neighbourhoodsKept} kept`);
  }
  const instance = best.toInstance();
  const judgement: SectioningJudgement = { ...judge.figures, requiredTotal: bestRun.judgement.requiredTotal };
  const estimate = proxy?.estimate(best.time);
  const { unmetByCourse: _unmet, ...figures } = estimate ?? { score: 0, requiredMet: 0, requiredTotal: 0, requestsMet: 0, studentsComplete: 0, unmetByCourse: null };
  return {
    status: 'built',
    instance,
    stats: {
      seconds: elapsed(),
      movesTried: neighbourhoodsJudged,
      movesKept: neighbourhoodsKept,
      chosen,
      estimate: figures,
      judgement,
      bound,
      gap: { studentsComplete: Math.max(0, bound.studentsComplete - judgement.studentsComplete), requiredMet: Math.max(0, bound.requiredMet - judgement.requiredMet) },
      neighbourhoodsJudged,
      neighbourhoodsKept,
      ...(incumbentRefused ? { incumbentRefused } : {}),
      ...(incumbentJudgement ? { incumbentJudgement } : {}),
    },
  };
}

function withoutUnmet(judgement: SectioningJudgement): SectioningJudgement {
  const { unmetByCourse: _unmet, ...figures } = judgement;
  return figures;
}
