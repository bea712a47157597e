// npm run bench -- master [--quick]
// The master-schedule builder on a generated high school, beside the spread-evenly schedule a
// first-cut system builds; both sectioned by the same student scheduler with the same time.
import { validateMasterInput, type MasterScheduleOutput } from '../packages/core/src/formats/master.ts';
import { spreadEvenlyMasterSchedule } from '../packages/core/src/scheduling/master-baseline.ts';
import { buildMasterSchedule } from '../packages/core/src/scheduling/master-builder.ts';
import { checkMasterHardRules } from '../packages/core/src/scheduling/master-check.ts';
import { scheduleStudents } from '../packages/core/src/scheduling/sectioning-engine.ts';
import { scoreSectioning } from '../packages/core/src/scheduling/sectioning-score.ts';
import { syntheticMasterInput } from '../packages/core/src/scheduling/synthetic-master.ts';
import { round, type Benchmark, type BenchCase, type BenchContext } from './lib.ts';

interface Size {
  case: string;
  students: number;
  periods: number;
  seed: number;
  builderSeconds: number;
  sectioningSeconds: number;
}

const full: Size[] = [{ case: '2500-students-6-periods', students: 2500, periods: 6, seed: 1, builderSeconds: 110, sectioningSeconds: 60 }];
const quick: Size[] = [{ case: '1000-students-6-periods', students: 1000, periods: 6, seed: 1, builderSeconds: 40, sectioningSeconds: 20 }];

function sectioned(instance: MasterScheduleOutput, seconds: number) {
  const started = performance.now();
  const result = scheduleStudents(instance, { seed: 1, timeLimitSeconds: seconds, now: () => performance.now() });
  const score = scoreSectioning(instance, result);
  return {
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

async function measure(size: Size, context: BenchContext): Promise<BenchCase> {
  const validation = validateMasterInput(JSON.parse(JSON.stringify(syntheticMasterInput(size))));
  if (!validation.ok) throw new Error(validation.errors.join('\n'));
  const input = validation.input;
  const sections = input.courses.reduce((sum, c) => sum + c.sections, 0);
  context.log(`${size.case}: ${input.students.length} students, ${sections} sections, ${input.teachers.length} teachers, ${input.rooms.length} rooms, ${input.locks?.length ?? 0} locks`);

  let started = performance.now();
  const spread = spreadEvenlyMasterSchedule(input, size.seed);
  const spreadSeconds = (performance.now() - started) / 1000;
  if (spread.status !== 'built') throw new Error(`spread-evenly: ${spread.reasons.join('; ')}`);
  context.log(`spread-evenly built in ${spreadSeconds.toFixed(1)} s; sectioning it (${size.sectioningSeconds} s)`);
  const baseline = { seconds: round(spreadSeconds, 2), hardRuleViolations: checkMasterHardRules(input, spread.instance).length, ...sectioned(spread.instance, size.sectioningSeconds) };
  context.log(`spread-evenly: ${baseline.requiredMet}/${baseline.requiredTotal} required, ${baseline.studentsComplete} complete, score ${baseline.score}`);

  started = performance.now();
  const build = buildMasterSchedule(input, {
    seed: size.seed,
    timeLimitSeconds: size.builderSeconds,
    now: () => performance.now(),
    onProgress: (p) => {
      if (p.phase !== 'search') context.log(`builder ${p.seconds.toFixed(1)} s: ${p.message}`);
    },
  });
  const builderSeconds = (performance.now() - started) / 1000;
  if (build.status !== 'built') throw new Error(`builder: ${build.reasons.join('; ')}`);
  context.log(`builder done in ${builderSeconds.toFixed(1)} s (${build.stats.chosen} chosen); sectioning it (${size.sectioningSeconds} s)`);
  const metrics = {
    seconds: round(builderSeconds, 1),
    hardRuleViolations: checkMasterHardRules(input, build.instance).length,
    ...sectioned(build.instance, size.sectioningSeconds),
    candidateChosen: build.stats.chosen,
    movesTried: build.stats.movesTried,
    movesKept: build.stats.movesKept,
  };
  context.log(`builder: ${metrics.requiredMet}/${metrics.requiredTotal} required, ${metrics.studentsComplete} complete, score ${metrics.score}`);
  return {
    case: size.case,
    params: {
      students: input.students.length,
      periods: size.periods,
      terms: input.terms.length,
      sections,
      teachers: input.teachers.length,
      rooms: input.rooms.length,
      locks: input.locks?.length ?? 0,
      seed: size.seed,
      timeLimitSeconds: size.builderSeconds,
      sectioningTimeLimitSeconds: size.sectioningSeconds,
      note: '2-core machine shared with other engineers running tests and benchmarks: times and time-limited search results vary with their load',
    },
    metrics,
    baseline,
  };
}

export const benchmark: Benchmark = {
  name: 'master',
  description: 'master-schedule builder vs spread-evenly, both sectioned by the student scheduler',
  needsPostgres: false,
  async run(context) {
    const results: BenchCase[] = [];
    for (const size of context.quick ? quick : full) results.push(await measure(size, context));
    return results;
  },
};
