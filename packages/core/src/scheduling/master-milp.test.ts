import { readFileSync } from 'node:fs';
import highs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateMasterInput, type MasterInput } from '../formats/master.ts';
import { spreadEvenlyMasterSchedule } from './master-baseline.ts';
import { masterBound } from './master-bound.ts';
import { buildMasterSchedule } from './master-builder.ts';
import { checkMasterHardRules } from './master-check.ts';
import { IncrementalJudge, figuresBetter } from './master-lns.ts';
import { coRequestWeights, requestAwareMasterSchedule, type PlacementSolver } from './master-milp.ts';
import { buildSchoolModel } from './master-model.ts';
import { scheduleStudents } from './sectioning-engine.ts';

let solver: PlacementSolver;
beforeAll(async () => {
  solver = (await highs()) as unknown as PlacementSolver;
});

function valid(document: unknown): MasterInput {
  const result = validateMasterInput(document);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.input;
}
const example = () => valid(JSON.parse(readFileSync(new URL('./fixtures/master-example.json', import.meta.url), 'utf8')));

/** Two periods, three singletons: AP1 and AP2 asked for together by 20 students, AP3 by nobody with them. */
function twoSingletons(): MasterInput {
  const course = (id: string) => ({ id, title: id, term: 'year' as const, sections: 1, capacity: 30 });
  return valid({
    format: 'homeroom.master/v1',
    terms: ['S1', 'S2'],
    periods: 2,
    courses: [course('AP1'), course('AP2'), course('AP3')],
    teachers: [{ id: 'T1', courses: ['AP1', 'AP2', 'AP3'], maxSections: 2 }, { id: 'T2', courses: ['AP1', 'AP2', 'AP3'], maxSections: 2 }],
    rooms: [{ id: 'R1', type: 'classroom', capacity: 30 }, { id: 'R2', type: 'classroom', capacity: 30 }],
    students: Array.from({ length: 20 }, (_, i) => ({
      id: `S${i}`,
      grade: 11,
      requests: [{ course: 'AP1', required: true, priority: 1, alternates: [] }, { course: 'AP2', required: i < 10, priority: 2, alternates: [] }],
    })),
  });
}

describe('request-aware placement (MILP)', () => {
  it('counts co-requests, a required pair at 10 and another at 1', () => {
    const model = buildSchoolModel(twoSingletons());
    const weights = coRequestWeights(model);
    expect(weights.get(0 * 3 + 1)).toBe(10 * 10 + 10 * 1);
    expect(weights.has(0 * 3 + 2)).toBe(false);
  });

  it('keeps two singletons the same students ask for out of the same period, and every hard rule', () => {
    const input = twoSingletons();
    for (const seed of [1, 2, 3]) {
      const placed = requestAwareMasterSchedule(input, solver, { seed });
      if (placed.status !== 'built') throw new Error(placed.reasons.join());
      const at = (course: string) => placed.instance.sections.find((s) => s.course === course)!.slots.join();
      expect(at('AP1')).not.toBe(at('AP2'));
      expect(checkMasterHardRules(input, placed.instance)).toEqual([]);
    }
  });

  it('keeps every hard rule on the example, locks and fixed students included', () => {
    const input = example();
    const placed = requestAwareMasterSchedule(input, solver, { seed: 1, timeLimitSeconds: 2 });
    if (placed.status !== 'built') throw new Error(placed.reasons.join());
    expect(checkMasterHardRules(input, placed.instance)).toEqual([]);
  });
});

describe('masterBound', () => {
  it('counts out students asking for a course not offered or for more periods than the day has', () => {
    const input = twoSingletons();
    input.students[0]!.requests!.push({ course: 'NOPE', required: true, priority: 3, alternates: [] });
    input.students[1]!.requests!.push({ course: 'AP3', required: false, priority: 3, alternates: [] });
    const bound = masterBound(buildSchoolModel(input));
    expect(bound).toEqual({ studentsComplete: 18, requiredMet: 30, requiredTotal: 31 });
  });
});

describe('IncrementalJudge', () => {
  it('rates a move by re-sectioning only the students it affects, and adds it up on accepting', () => {
    const input = twoSingletons();
    const spread = spreadEvenlyMasterSchedule(input, 1);
    if (spread.status !== 'built') throw new Error('not built');
    // Put AP2 with AP1, then judge moving it away.
    const clashing = structuredClone(spread.instance);
    const ap1 = clashing.sections.find((s) => s.course === 'AP1')!;
    const together = [...ap1.slots];
    const elsewhere = together.map((slot) => (slot.endsWith('P1') ? slot.replace('P1', 'P2') : slot.replace('P2', 'P1')));
    clashing.sections.find((s) => s.course === 'AP2')!.slots = together;
    clashing.sections.find((s) => s.course === 'AP3')!.slots = elsewhere;
    const judge = new IncrementalJudge(clashing, scheduleStudents(clashing, { seed: 1 }), { seed: 1 });
    expect(judge.figures.studentsComplete).toBe(0);
    const apart = structuredClone(clashing);
    const moved = apart.sections.find((s) => s.course === 'AP2')!;
    const other = apart.sections.find((s) => s.course === 'AP3')!;
    moved.slots = elsewhere;
    other.slots = together;
    const verdict = judge.trial(apart, new Set(['AP2', 'AP3']), new Set([moved.id, other.id]));
    expect(verdict.students).toBe(20);
    expect(verdict.better).toBe(true);
    verdict.accept();
    expect(judge.figures.studentsComplete).toBe(20);
    expect(judge.unmetByCourse().size).toBe(0);
    expect(figuresBetter(judge.figures, { requiredMet: 30, studentsComplete: 19, score: 0 })).toBe(true);
  });
});

describe('buildMasterSchedule with the request-aware placement', () => {
  it('keeps every hard rule, reports the bound and its gap, and is the same for the same seed', () => {
    // A school the program solves to optimality at once, so no solver time limit can make two runs differ.
    const input = twoSingletons();
    input.students.push({ id: 'S99', grade: 11, requests: [{ course: 'NOPE', required: true, priority: 1, alternates: [] }] });
    const run = () => buildMasterSchedule(input, { seed: 3, placementSolver: solver, maxMoves: 4 });
    const first = run();
    if (first.status !== 'built') throw new Error(first.reasons.join());
    expect(checkMasterHardRules(input, first.instance)).toEqual([]);
    expect(first.stats.bound).toBeDefined();
    // S99 asks for a course not offered: no schedule completes it, and the builder stops at the bound.
    expect(first.stats.bound).toEqual({ studentsComplete: 20, requiredMet: 30, requiredTotal: 31 });
    expect(first.stats.judgement!.studentsComplete).toBe(20);
    expect(first.stats.gap).toEqual({ studentsComplete: 0, requiredMet: 0 });
    const again = run();
    if (again.status !== 'built') throw new Error('not built');
    expect(again.instance).toEqual(first.instance);
  });

  it('never proposes what the student scheduler rates below the schedule as it stands', () => {
    const input = example();
    const spread = spreadEvenlyMasterSchedule(input, 2);
    if (spread.status !== 'built') throw new Error('not built');
    const build = buildMasterSchedule(input, { seed: 1, placementSolver: solver, incumbent: spread.instance, maxMoves: 4, timeLimitSeconds: 5 });
    if (build.status !== 'built') throw new Error(build.reasons.join());
    expect(checkMasterHardRules(input, build.instance)).toEqual([]);
    const j = build.stats.judgement!;
    const inc = build.stats.incumbentJudgement!;
    expect(figuresBetter(inc, j)).toBe(false);
  });
});
