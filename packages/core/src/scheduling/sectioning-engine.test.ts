import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSectioningInstance, type SectioningInstance, type SectioningInstanceInput } from '../formats/sectioning.ts';
import { SeededRandom } from '../random.ts';
import { constructSchedules } from './sectioning-construct.ts';
import { rebalanceByResolving, scheduleStudents, SectioningState } from './sectioning-engine.ts';
import { buildSectioningModel } from './sectioning-model.ts';
import { generateSyntheticSchool } from './synthetic-school.ts';
import { checkHardRules, scoreSectioning } from './sectioning-score.ts';

const example = JSON.parse(readFileSync(new URL('./fixtures/sectioning-example.json', import.meta.url), 'utf8')) as unknown;

function valid(data: unknown): SectioningInstance {
  const v = validateSectioningInstance(data);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.instance;
}

const tiny = (): SectioningInstanceInput => ({
  format: 'homeroom.sectioning/v1',
  slots: ['S1-P1', 'S1-P2', 'S2-P1', 'S2-P2'],
  courses: [
    { id: 'ENG9', title: 'English 9', term: 'year' },
    { id: 'ALG1', title: 'Algebra 1', term: 'year' },
    { id: 'ART1', title: 'Art 1', term: 'year' },
    { id: 'CERAM', title: 'Ceramics', term: 'year' },
    { id: 'RSP', title: 'Resource', term: 'year' },
  ],
  sections: [
    { id: 'ENG9-01', course: 'ENG9', slots: ['S1-P1', 'S2-P1'], capacity: 2 },
    { id: 'ENG9-02', course: 'ENG9', slots: ['S1-P2', 'S2-P2'], capacity: 2 },
    { id: 'ALG1-01', course: 'ALG1', slots: ['S1-P1', 'S2-P1'], capacity: 2 },
    { id: 'ART1-01', course: 'ART1', slots: ['S1-P2', 'S2-P2'], capacity: 1 },
    { id: 'CERAM-01', course: 'CERAM', slots: ['S1-P2', 'S2-P2'], capacity: 5 },
    { id: 'RSP-01', course: 'RSP', slots: ['S1-P1', 'S2-P1'], capacity: 1 },
  ],
  students: [
    { id: 'a', requests: [{ course: 'ENG9', required: true }, { course: 'ALG1', required: true }] },
    { id: 'b', requests: [{ course: 'ENG9', required: true }, { course: 'ALG1', required: true }] },
    { id: 'c', requests: [{ course: 'ENG9', required: true }, { course: 'ART1', alternates: ['CERAM'], priority: 7 }] },
    { id: 'd', requests: [{ course: 'ENG9', required: true }, { course: 'ALG1', required: true }], fixed: ['RSP-01'] },
  ],
});

describe('scheduleStudents', () => {
  it('meets what the seats allow and keeps every hard rule', () => {
    const instance = valid(tiny());
    const result = scheduleStudents(instance);
    expect(checkHardRules(instance, result)).toEqual([]);
    const score = scoreSectioning(instance, result);
    // a and b need ENG9 in P2 (ALG1 is only in P1); c takes ENG9 in P1 and ART1 or CERAM in P2;
    // d holds RSP in P1 so ALG1 cannot fit, and ENG9 P2 is then full.
    expect(score.requiredMet).toBe(5);
    expect(result.unmet.map((u) => `${u.student}:${u.course}`).sort()).toEqual(['d:ALG1', 'd:ENG9']);
    const reasonAlg = result.unmet.find((u) => u.student === 'd' && u.course === 'ALG1')!.reason;
    expect(reasonAlg).toMatch(/RSP-01/);
  });

  it('places the example school without breaking a hard rule, and is deterministic for a seed', () => {
    const instance = valid(example);
    const first = scheduleStudents(instance, { seed: 7 });
    const second = scheduleStudents(instance, { seed: 7 });
    expect(checkHardRules(instance, first)).toEqual([]);
    expect(first.assignments).toEqual(second.assignments);
    expect(first.unmet).toEqual(second.unmet);
    const score = scoreSectioning(instance, first);
    expect(score.requestsMet + first.unmet.length).toBe(score.requestsTotal);
    expect(score.requiredMet).toBeGreaterThan(0);
  });

  it('gives every unmet request a reason', () => {
    const instance = valid(example);
    const result = scheduleStudents(instance);
    for (const u of result.unmet) expect(u.reason.length).toBeGreaterThan(10);
  });

  it('explains requests that cannot be met at all', () => {
    const data = tiny();
    data.courses.push({ id: 'LATIN', title: 'Latin', term: 'year' });
    data.students.push({
      id: 'e',
      requests: [{ course: 'LATIN' }, { course: 'ENG9', required: true }],
      unavailableSlots: ['S1-P1', 'S1-P2'],
    });
    const instance = valid(data);
    const result = scheduleStudents(instance);
    expect(checkHardRules(instance, result)).toEqual([]);
    const reasons = Object.fromEntries(result.unmet.filter((u) => u.student === 'e').map((u) => [u.course, u.reason]));
    expect(reasons.LATIN).toBe('no section of LATIN is offered');
    expect(reasons.ENG9).toMatch(/unavailable slots/);
  });

  it('names the required course an elective clashes with', () => {
    const data = tiny();
    data.students.push({ id: 'h', requests: [{ course: 'ALG1', required: true }, { course: 'RSP', priority: 5 }] });
    const instance = valid(data);
    const result = scheduleStudents(instance);
    const reason = result.unmet.find((u) => u.student === 'h' && u.course === 'RSP')?.reason;
    // RSP-01's only seat is taken by d (fixed), so it is full; were it not, it would clash with ALG1.
    expect(reason).toBe('every section of RSP is full');
    data.sections.push({ id: 'RSP-02', course: 'RSP', slots: ['S1-P1', 'S2-P1'], capacity: 3 });
    const again = scheduleStudents(valid(data));
    expect(again.unmet.find((u) => u.student === 'h' && u.course === 'RSP')?.reason).toBe(
      'no section of RSP fits: the sections of RSP with a free seat clash with required course ALG1 in S1-P1; the other 1 is full',
    );
  });

  it('says when every section is full', () => {
    const data = tiny();
    data.students.push({ id: 'f', requests: [{ course: 'ART1' }] });
    data.students.push({ id: 'g', requests: [{ course: 'ART1' }] });
    const instance = valid(data);
    const result = scheduleStudents(instance);
    const unmetArt = result.unmet.filter((u) => u.course === 'ART1' && (u.student === 'f' || u.student === 'g'));
    expect(unmetArt).toHaveLength(1);
    expect(unmetArt[0]!.reason).toBe('every section of ART1 is full');
  });
});

describe('time limit and progress', () => {
  it('stops improving at the time limit through the injected clock, still valid, and reports its phases', () => {
    const instance = valid(example);
    let clock = 0;
    // Every reading of the clock advances it a second: the limit is reached almost at once.
    const now = () => (clock += 1000);
    const phases: string[] = [];
    const result = scheduleStudents(instance, { timeLimitSeconds: 5, now, onProgress: (p) => phases.push(p.phase) });
    expect(checkHardRules(instance, result)).toEqual([]);
    expect(result.stats.iterations).toBeLessThan(50);
    expect(scheduleStudents(instance).stats.iterations).toBeGreaterThan(1000);
    expect(phases[0]).toBe('construct');
    expect(phases.at(-1)).toBe('done');
    expect(phases).toContain('balance');
  });
});

describe('scoreSectioning', () => {
  it('counts 10 per required, 1 per other, 0.9 for an alternate', () => {
    const instance = valid(tiny());
    const score = scoreSectioning(instance, {
      format: 'homeroom.sectioning-result/v1',
      assignments: [
        { student: 'a', section: 'ENG9-02' },
        { student: 'a', section: 'ALG1-01' },
        { student: 'c', section: 'ENG9-01' },
        { student: 'c', section: 'CERAM-01' },
      ],
      unmet: [],
      stats: { seconds: 0 },
    });
    expect(score.score).toBe(30.9);
    expect(score.requiredMet).toBe(3);
    expect(score.requestsMet).toBe(4);
    expect(score.studentsComplete).toBe(2);
  });
});

describe('checkHardRules', () => {
  it('names each broken rule', () => {
    const instance = valid(tiny());
    const violations = checkHardRules(instance, {
      format: 'homeroom.sectioning-result/v1',
      assignments: [
        { student: 'a', section: 'ENG9-01' },
        { student: 'a', section: 'ALG1-01' },
        { student: 'b', section: 'ART1-01' },
        { student: 'c', section: 'ART1-01' },
        { student: 'c', section: 'CERAM-01' },
        { student: 'd', section: 'ALG1-01' },
        { student: 'a', section: 'NOPE' },
      ],
      unmet: [],
      stats: { seconds: 0 },
    });
    expect(violations.join('\n')).toMatch(/ENG9-01 and ALG1-01 both meet in S1-P1/);
    expect(violations.join('\n')).toMatch(/student b: section ART1-01 is of course ART1, which the student did not request/);
    expect(violations.join('\n')).toMatch(/section ART1-01: 2 students in 1 seats/);
    expect(violations.join('\n')).toMatch(/student c: 2 sections placed for 1 requests/);
    expect(violations.join('\n')).toMatch(/student d: sections RSP-01 and ALG1-01 both meet/);
    expect(violations.join('\n')).toMatch(/no such section/);
  });
});

describe('rebalanceByResolving', () => {
  it('stops when the run is out of time, and balances otherwise', () => {
    const placed = () => {
      const state = new SectioningState(buildSectioningModel(generateSyntheticSchool({ seed: 3, students: 300 })));
      constructSchedules(state, new SeededRandom(1), () => undefined);
      return state;
    };
    const late = placed();
    const before = Int32Array.from(late.enrolled);
    rebalanceByResolving(late, 20_000, () => true);
    expect(late.enrolled).toEqual(before);
    const onTime = placed();
    rebalanceByResolving(onTime, 20_000, () => false);
    expect(onTime.enrolled).not.toEqual(before);
  });
});

describe('a re-solve forced into a time', () => {
  it('gives up within the node limit when the time has no seat left, and solves freely instead', () => {
    const periods = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'];
    const courses = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8'];
    const state = new SectioningState(buildSectioningModel({
      format: 'homeroom.sectioning/v1',
      slots: periods,
      courses: [...courses, 'X'].map((id) => ({ id })),
      sections: [
        ...courses.flatMap((course) => periods.slice(1).map((slot) => ({ id: `${course}-${slot}`, course, slots: [slot], capacity: 5 }))),
        { id: 'X-P1', course: 'X', slots: ['P1'], capacity: 1 },
      ],
      // Required courses are searched first, the elective forced into X's one time, whose seat is taken, last.
      students: [{ id: 's', requests: [...courses.map((course) => ({ course, required: true })), { course: 'X' }] }, { id: 't', fixed: ['X-P1'] }],
    }));
    const model = state.model;
    const x = model.requestStart[0]! + courses.length;
    const group = model.requests[x]!.candidates[1]!;
    state.solveStudent(0, false, true, x, group);
    expect(state.nodes).toBeLessThan(5_000);
    expect(state.stReq[0]).toBe(courses.length);
  });
});
