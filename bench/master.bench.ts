// npm run bench -- master [--quick]
// Issue #24: on every generated school (tight 7-period ones, and ones with rooms smaller than some
// courses), side by side in the same run: the spread-evenly schedule (reads no requests), the
// request-aware MILP placement (master-milp.ts) given the same time limit as the builder, and the
// builder itself; all three sectioned by the same student scheduler with the same time.
import highs from 'highs';
import { validateMasterInput, type MasterInput, type MasterScheduleOutput } from '../packages/core/src/formats/master.ts';
import { spreadEvenlyMasterSchedule } from '../packages/core/src/scheduling/master-baseline.ts';
import { buildMasterSchedule } from '../packages/core/src/scheduling/master-builder.ts';
import { checkMasterHardRules } from '../packages/core/src/scheduling/master-check.ts';
import { requestAwareMasterSchedule, type PlacementSolver } from '../packages/core/src/scheduling/master-milp.ts';
import { scheduleStudents } from '../packages/core/src/scheduling/sectioning-engine.ts';
import { scoreSectioning } from '../packages/core/src/scheduling/sectioning-score.ts';
import { syntheticMasterInput, withTightRooms } from '../packages/core/src/scheduling/synthetic-master.ts';
import { round, type Benchmark, type BenchCase, type BenchContext } from './lib.ts';

interface School {
  case: string;
  students: number;
  periods: number;
  seed: number;
  /** Rooms as tight as a real building's: 30-seat classrooms beside 34-seat courses, few art and music rooms. */
  tightRooms: boolean;
  builderSeconds: number;
  sectioningSeconds: number;
}

const full: School[] = [
  { case: '1200-students-7-periods', students: 1200, periods: 7, seed: 1, tightRooms: false, builderSeconds: 60, sectioningSeconds: 20 },
  { case: 'tight-rooms-1200-students-7-periods', students: 1200, periods: 7, seed: 1, tightRooms: true, builderSeconds: 60, sectioningSeconds: 20 },
  { case: '2500-students-6-periods', students: 2500, periods: 6, seed: 1, tightRooms: false, builderSeconds: 90, sectioningSeconds: 30 },
  { case: 'tight-rooms-2500-students-6-periods', students: 2500, periods: 6, seed: 1, tightRooms: true, builderSeconds: 90, sectioningSeconds: 30 },
];
const quick: School[] = [
  { case: '600-students-7-periods', students: 600, periods: 7, seed: 1, tightRooms: false, builderSeconds: 20, sectioningSeconds: 6 },
  { case: 'tight-rooms-600-students-7-periods', students: 600, periods: 7, seed: 2, tightRooms: true, builderSeconds: 20, sectioningSeconds: 6 },
  { case: '1000-students-6-periods', students: 1000, periods: 6, seed: 1, tightRooms: false, builderSeconds: 20, sectioningSeconds: 6 },
];

function sectioned(input: MasterInput, instance: MasterScheduleOutput, seconds: number, build: number) {
  const started = performance.now();
  const result = scheduleStudents(instance, { seed: 1, timeLimitSeconds: seconds, now: () => performance.now() });
  const score = scoreSectioning(instance, result);
  return {
    seconds: round(build, 1),
    hardRuleBreaks: checkMasterHardRules(input, instance).length,
    sectioningSeconds: round((performance.now() - started) / 1000, 1),
    requiredMet: score.requiredMet,
    requiredTotal: score.requiredTotal,
    requestsMet: score.requestsMet,
    requestsTotal: score.requestsTotal,
    studentsComplete: score.studentsComplete,
    students: score.students,
    score: round(score.score, 1),
  };
}

async function measure(school: School, solver: PlacementSolver, context: BenchContext): Promise<BenchCase> {
  const generated = syntheticMasterInput(school);
  const validation = validateMasterInput(JSON.parse(JSON.stringify(school.tightRooms ? withTightRooms(generated) : generated)));
  if (!validation.ok) throw new Error(validation.errors.join('\n'));
  const input = validation.input;
  const sections = input.courses.reduce((sum, c) => sum + c.sections, 0);
  const log = (line: string) => context.log(`${school.case}: ${line}`);
  log(`${input.students.length} students, ${sections} sections, ${input.teachers.length} teachers, ${input.rooms.length} rooms, ${input.locks?.length ?? 0} locks`);

  let started = performance.now();
  const spread = spreadEvenlyMasterSchedule(input, school.seed);
  if (spread.status !== 'built') throw new Error(`spread-evenly: ${spread.reasons.join('; ')}`);
  const baseline = sectioned(input, spread.instance, school.sectioningSeconds, (performance.now() - started) / 1000);
  log(`spread-evenly: ${baseline.requiredMet}/${baseline.requiredTotal} required, ${baseline.studentsComplete} complete`);

  started = performance.now();
  const milp = requestAwareMasterSchedule(input, solver, { seed: school.seed, timeLimitSeconds: school.builderSeconds });
  if (milp.status !== 'built') throw new Error(`request-aware MILP: ${milp.reasons.join('; ')}`);
  const requestAwareMilp = { ...sectioned(input, milp.instance, school.sectioningSeconds, (performance.now() - started) / 1000), solverStatus: milp.solverStatus, pairsPriced: milp.pairs };
  log(`request-aware MILP: ${requestAwareMilp.requiredMet}/${requestAwareMilp.requiredTotal} required, ${requestAwareMilp.studentsComplete} complete (${requestAwareMilp.seconds} s)`);

  started = performance.now();
  const build = buildMasterSchedule(input, {
    seed: school.seed,
    timeLimitSeconds: school.builderSeconds,
    now: () => performance.now(),
    placementSolver: solver,
    onProgress: (p) => log(`builder ${p.seconds.toFixed(1)} s: ${p.message}`),
  });
  const builderSeconds = (performance.now() - started) / 1000;
  if (build.status !== 'built') throw new Error(`builder: ${build.reasons.join('; ')}`);
  const builder = sectioned(input, build.instance, school.sectioningSeconds, builderSeconds);
  log(`builder: ${builder.requiredMet}/${builder.requiredTotal} required, ${builder.studentsComplete} complete (${builder.seconds} s, ${build.stats.chosen})`);

  const betterBaseline = Math.max(baseline.studentsComplete, requestAwareMilp.studentsComplete);
  const completeTarget = betterBaseline + Math.ceil(input.students.length / 100);
  const goal = {
    requiredMetAtLeastBothBaselines: builder.requiredMet >= baseline.requiredMet && builder.requiredMet >= requestAwareMilp.requiredMet,
    completeTarget,
    completeAtLeastTarget: builder.studentsComplete >= completeTarget,
    noHardRuleBreaks: builder.hardRuleBreaks + baseline.hardRuleBreaks + requestAwareMilp.hardRuleBreaks === 0,
  };
  return {
    case: school.case,
    params: {
      students: input.students.length,
      periods: school.periods,
      terms: input.terms.length,
      tightRooms: school.tightRooms,
      sections,
      teachers: input.teachers.length,
      rooms: input.rooms.length,
      locks: input.locks?.length ?? 0,
      seed: school.seed,
      timeLimitSeconds: school.builderSeconds,
      sectioningTimeLimitSeconds: school.sectioningSeconds,
      note: 'baseline: spread-evenly; metrics.requestAwareMilp: the MILP placement alone with the same time limit; 2-core machine shared with other engineers: times and time-limited search results vary with their load',
    },
    metrics: {
      ...builder,
      candidateChosen: build.stats.chosen,
      neighbourhoodsJudged: build.stats.neighbourhoodsJudged ?? 0,
      neighbourhoodsKept: build.stats.neighbourhoodsKept ?? 0,
      builderJudgement: build.stats.judgement ? { requiredMet: build.stats.judgement.requiredMet, studentsComplete: build.stats.judgement.studentsComplete } : null,
      bound: build.stats.bound ?? null,
      gap: build.stats.gap ?? null,
      requestAwareMilp,
      goal,
    },
    baseline,
  };
}

export const benchmark: Benchmark = {
  name: 'master',
  description: 'master-schedule builder vs spread-evenly and the request-aware MILP, all sectioned by the student scheduler',
  needsPostgres: false,
  async run(context) {
    const solver = (await highs()) as unknown as PlacementSolver;
    const results: BenchCase[] = [];
    // MASTER_CASES=2500 (a pattern on the case names) runs only those schools while iterating.
    const only = process.env.MASTER_CASES ? new RegExp(process.env.MASTER_CASES) : null;
    for (const school of context.quick ? quick : full) if (!only || only.test(school.case)) results.push(await measure(school, solver, context));
    for (const r of results) {
      const m = r.metrics as { studentsComplete: number; requiredMet: number; requestAwareMilp: { studentsComplete: number; requiredMet: number }; goal: { completeTarget: number } };
      const b = r.baseline as { studentsComplete: number; requiredMet: number };
      context.log(`${r.case}: complete spread ${b.studentsComplete} / MILP ${m.requestAwareMilp.studentsComplete} / builder ${m.studentsComplete} (target ${m.goal.completeTarget}); required ${b.requiredMet} / ${m.requestAwareMilp.requiredMet} / ${m.requiredMet}`);
    }
    return results;
  },
};
