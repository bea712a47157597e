import { validateSectioningInstance, type SectioningInstance, type SectioningResult } from '../packages/core/src/formats/sectioning.ts';
import { runSectioning } from '../packages/core/src/scheduling/sectioning-engine.ts';
import { solveSectioningMilp, type LpSolver } from '../packages/core/src/scheduling/sectioning-milp.ts';
import { buildSectioningModel } from '../packages/core/src/scheduling/sectioning-model.ts';
import highs from 'highs';
import { checkHardRules, scoreSectioning } from '../packages/core/src/scheduling/sectioning-score.ts';
import { generateSyntheticSchool, type SyntheticSchoolOptions } from '../packages/core/src/scheduling/synthetic-school.ts';
import { median, peakRssMiB, round, type BenchCase, type Benchmark } from './lib.ts';
import { naiveSectioning } from './naive-sectioning.ts';

/**
 * Student sectioning on generated high schools, beside the naive first-fit scheduler on the same
 * input. The bound is the all-seats-free bound: each student's best schedule if every section had
 * room (an exact per-student branch and bound), summed. No schedule can beat it, so
 * `gapToBoundPercent` over-states the true gap to the optimum (the LP relaxation of the MILP is
 * not tractable in HiGHS-wasm at this size within minutes; see docs/scheduling.md).
 */

interface CaseSpec {
  name: string;
  school: SyntheticSchoolOptions;
  /** Also solve the LP relaxation with HiGHS (interior point) within this many seconds. */
  lpSeconds?: number;
}

const FULL: CaseSpec[] = [
  { name: '2500x6', school: { students: 2500, periods: 6, seed: 1, tightness: 0.5 } },
  { name: '4500x7', school: { students: 4500, periods: 7, seed: 2, tightness: 0.5 } },
  { name: 'tight-2500x6', school: { students: 2500, periods: 6, seed: 3, tightness: 1 }, lpSeconds: 400 },
  { name: 'tight-4500x7', school: { students: 4500, periods: 7, seed: 4, tightness: 1 } },
  // Tight seats and a master schedule that ignored the requests: clashes the scheduler must work around.
  { name: 'tight-spread-2500x6', school: { students: 2500, periods: 6, seed: 5, tightness: 1, placement: 'spread-evenly' }, lpSeconds: 400 },
];

const QUICK: CaseSpec[] = [
  { name: '2500x6', school: { students: 2500, periods: 6, seed: 1, tightness: 0.5 } },
  { name: 'tight-1500x6', school: { students: 1500, periods: 6, seed: 3, tightness: 1 } },
  { name: 'tight-spread-1500x6', school: { students: 1500, periods: 6, seed: 5, tightness: 1, placement: 'spread-evenly' }, lpSeconds: 120 },
];

/**
 * Unmet requests for which a section with a free seat fits the student's schedule as it stands:
 * a hole a counselor could fill by hand. A good scheduler leaves none.
 */
export function holesWithFreeSeat(instance: SectioningInstance, result: SectioningResult): number {
  const model = buildSectioningModel(instance);
  const enrolled = Int32Array.from(model.sectionFixed);
  const held: number[][] = model.studentFixed.map((f) => [...f]);
  for (const a of result.assignments) {
    const s = model.studentIndex.get(a.student)!;
    const sec = model.sectionIndex.get(a.section)!;
    if (model.studentFixed[s]!.includes(sec)) continue;
    enrolled[sec]!++;
    held[s]!.push(sec);
  }
  let holes = 0;
  const unmetByStudent = new Map<string, string[]>();
  for (const u of result.unmet) unmetByStudent.set(u.student, [...(unmetByStudent.get(u.student) ?? []), u.course]);
  for (const [studentId, unmetCourses] of unmetByStudent) {
    const s = model.studentIndex.get(studentId)!;
    const used = new Set<number>(model.studentUnavailable[s]);
    const courses = new Set<number>();
    for (const sec of held[s]!) {
      for (const slot of model.sectionSlots[sec]!) used.add(slot);
      courses.add(model.sectionCourse[sec]!);
    }
    for (let r = model.requestStart[s]!; r < model.requestStart[s + 1]!; r++) {
      const request = model.requests[r]!;
      if (!unmetCourses.includes(request.names[0]!)) continue;
      const fits = request.options.some((o) => !courses.has(o.course) && model.courseSections[o.course]!.some((sec) =>
        enrolled[sec]! < model.sectionCapacity[sec]! && model.sectionSlots[sec]!.every((slot) => !used.has(slot))));
      if (fits) holes++;
    }
  }
  return holes;
}

function figures(instance: SectioningInstance, result: SectioningResult, seconds: number, bound: number) {
  const score = scoreSectioning(instance, result);
  return {
    seconds: round(seconds, 2),
    score: score.score,
    requiredMet: score.requiredMet,
    requiredTotal: score.requiredTotal,
    requestsMet: score.requestsMet,
    requestsTotal: score.requestsTotal,
    studentsComplete: score.studentsComplete,
    students: score.students,
    gapToBoundPercent: round(((bound - score.score) / bound) * 100, 3),
    sectionSpread: score.sectionSpread,
    sectionSpreadMean: score.sectionSpreadMean,
    holesWithFreeSeat: holesWithFreeSeat(instance, result),
    hardRuleViolations: checkHardRules(instance, result).length,
    peakRssMiB: peakRssMiB(),
  };
}

export const benchmark: Benchmark = {
  name: 'sectioning',
  description: 'student sectioning of generated high schools vs naive first-fit, with the all-seats-free bound',
  needsPostgres: false,
  async run(context) {
    const specs = context.quick ? QUICK : FULL;
    const runs = context.quick ? 1 : 3;
    const cases: BenchCase[] = [];
    for (const spec of specs) {
      const generated = generateSyntheticSchool(spec.school);
      const validation = validateSectioningInstance(generated);
      if (!validation.ok) throw new Error(`generated school is not valid: ${validation.errors.slice(0, 3).join('; ')}`);
      const instance = validation.instance;
      context.log(`${spec.name}: ${instance.students.length} students, ${instance.sections.length} sections, ${instance.slots.length} slots`);
      const times: number[] = [];
      let last: ReturnType<typeof runSectioning> | null = null;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        last = runSectioning(instance, { seed: 1, timeLimitSeconds: 120, now: () => performance.now() });
        times.push((performance.now() - started) / 1000);
        context.log(`${spec.name}: run ${run + 1}/${runs} ${times[run]!.toFixed(1)} s, required ${last.result.stats.requiredMet}/${last.result.stats.requiredTotal}`);
      }
      const { result } = last!;
      const bound = Number(result.stats.boundScore);
      const metrics: Record<string, unknown> = { ...figures(instance, result, median(times), bound), bound, boundKind: 'all-seats-free (sum of per-student optima)', boundRequiredMet: Number(result.stats.boundRequiredMet), boundStudentsCut: Number(result.stats.boundsCut), runs };
      if (spec.lpSeconds) {
        // The LP relaxation, where HiGHS-wasm finishes it: an interior-point value without
        // crossover (HiGHS reports its status as 'Unknown' then), so it is reported beside the bound.
        context.log(`${spec.name}: LP relaxation (up to ${spec.lpSeconds} s)`);
        const solver = (await highs()) as unknown as LpSolver;
        const lpStarted = performance.now();
        const lp = solveSectioningMilp(solver, instance, { relax: true, timeLimitSeconds: spec.lpSeconds });
        const usable = lp.status !== 'Time limit reached' && lp.objective > 0;
        metrics.lpBound = usable ? round(lp.objective, 3) : null;
        metrics.lpStatus = lp.status;
        metrics.lpSeconds = round((performance.now() - lpStarted) / 1000, 1);
        metrics.gapToLpPercent = usable ? round(((lp.objective - Number(metrics.score)) / lp.objective) * 100, 4) : null;
        context.log(`${spec.name}: LP ${lp.status} ${lp.objective} in ${metrics.lpSeconds} s`);
      }
      const naiveStarted = performance.now();
      const naive = naiveSectioning(instance);
      const baseline = figures(instance, naive, (performance.now() - naiveStarted) / 1000, bound);
      context.log(`${spec.name}: engine score ${metrics.score} (gap ${metrics.gapToBoundPercent}%), naive ${baseline.score} (gap ${baseline.gapToBoundPercent}%)`);
      cases.push({
        case: spec.name,
        params: { ...spec.school, placement: spec.school.placement ?? 'request-aware', sections: instance.sections.length, schedulerSeed: 1 },
        metrics,
        baseline,
      });
    }
    return cases;
  },
};
