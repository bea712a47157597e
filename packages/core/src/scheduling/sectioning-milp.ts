import type { SectioningInstanceInput } from '../formats/sectioning.ts';
import { buildSectioningModel } from './sectioning-model.ts';

/**
 * The sectioning problem as a mixed-integer program, to prove what the best schedule scores
 * (tests on small schools) or bound it (the LP relaxation on large ones). The core stays free of
 * I/O and solvers: the caller passes a solver with HiGHS's one-shot `solve(lpText, options)`.
 *
 * Variables are per student and *time option* (the sections of a course meeting in the same
 * slots, with their seats pooled): students are all the same size, so any pooled assignment
 * splits into sections exactly, and the program is much smaller than one over sections.
 *
 *   max  Σ weight(r,o) · z[r,o]            (score in tenths, or required requests met)
 *   s.t. Σ_o z[r,o] ≤ 1                      each request met at most once
 *        Σ_{g of c} x[s,g] = Σ_{(r,o): c} z[r,o] ≤ 1   a course at most once, and only if requested
 *        Σ_{g ∋ t} x[s,g] ≤ 1                 one section per slot (blocked slots have no variable)
 *        Σ_s x[s,g] ≤ seats(g) − fixed(g)     capacity
 */

export interface LpSolver {
  solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}

export type MilpObjective = 'score' | 'required';

export interface MilpOptions {
  objective?: MilpObjective;
  /** Solve the LP relaxation (a bound) instead of the integer program. */
  relax?: boolean;
  timeLimitSeconds?: number;
}

export interface MilpOutcome {
  status: string;
  /** The objective in the spec's units: the score (10 / 1 / 0.9), or required requests met. */
  objective: number;
  /** Part met by fixed sections, which the program does not see (already in `objective`). */
  constant: number;
  variables: number;
  constraints: number;
}

export function sectioningLp(instance: SectioningInstanceInput, objective: MilpObjective = 'score', relax = false): { text: string; constant: number; variables: number; constraints: number } {
  const m = buildSectioningModel(instance);
  const objectiveTerms: string[] = [];
  const rows: string[] = [];
  const binaries: string[] = [];
  let constant = 0;
  let nx = 0;
  let nz = 0;
  const groupSeats = new Map<number, number>();
  for (let g = 0; g < m.groupSections.length; g++) {
    let seats = 0;
    for (const sec of m.groupSections[g]!) seats += Math.max(0, m.sectionCapacity[sec]! - m.sectionFixed[sec]!);
    groupSeats.set(g, seats);
  }
  const groupUse = new Map<number, string[]>();
  const wrap = (terms: string[]): string => {
    const lines: string[] = [];
    for (let i = 0; i < terms.length; i += 12) lines.push(terms.slice(i, i + 12).join(' + '));
    return lines.join('\n   + ');
  };
  for (let s = 0; s < m.studentIds.length; s++) {
    const courseZ = new Map<number, string[]>();
    const courseGroups = new Map<number, Set<number>>();
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
      const request = m.requests[r]!;
      if (request.metByFixed >= 0) {
        const option = request.options[request.metByFixed]!;
        constant += objective === 'score' ? option.weight : request.required ? 1 : 0;
        continue;
      }
      const zs: string[] = [];
      const optionsWithTimes = new Set<number>();
      for (let i = 0; i < request.candidates.length; i += 2) {
        const o = request.candidates[i]!;
        optionsWithTimes.add(o);
        const c = request.options[o]!.course;
        let set = courseGroups.get(c);
        if (!set) courseGroups.set(c, (set = new Set()));
        set.add(request.candidates[i + 1]!);
      }
      for (const o of optionsWithTimes) {
        const z = `z${nz++}`;
        zs.push(z);
        binaries.push(z);
        const option = request.options[o]!;
        const weight = objective === 'score' ? option.weight : request.required ? 1 : 0;
        if (weight > 0) objectiveTerms.push(`${weight} ${z}`);
        const list = courseZ.get(option.course) ?? [];
        list.push(z);
        courseZ.set(option.course, list);
      }
      if (zs.length > 1) rows.push(`${wrap(zs)} <= 1`);
    }
    const slotX = new Map<number, string[]>();
    for (const [c, groups] of courseGroups) {
      const xs: string[] = [];
      for (const g of groups) {
        const x = `x${nx++}`;
        xs.push(x);
        binaries.push(x);
        for (const slot of m.groupSlots[g]!) {
          const list = slotX.get(slot) ?? [];
          list.push(x);
          slotX.set(slot, list);
        }
        const use = groupUse.get(g) ?? [];
        use.push(x);
        groupUse.set(g, use);
      }
      const zs = courseZ.get(c) ?? [];
      rows.push(`${wrap(xs)} - ${zs.join(' - ')} = 0`);
      rows.push(`${wrap(xs)} <= 1`);
    }
    for (const xs of slotX.values()) if (xs.length > 1) rows.push(`${wrap(xs)} <= 1`);
  }
  for (const [g, xs] of groupUse) {
    const seats = groupSeats.get(g)!;
    if (seats < xs.length) rows.push(`${wrap(xs)} <= ${seats}`);
  }
  const text = [
    'Maximize',
    ` obj: ${objectiveTerms.length ? wrap(objectiveTerms) : '0 z0'}`,
    'Subject To',
    ...rows.map((row, i) => ` c${i}: ${row}`),
    ...(relax ? ['Bounds', ...binaries.map((b) => ` 0 <= ${b} <= 1`)] : ['Binary', ...binaries.map((b) => ` ${b}`)]),
    'End',
    '',
  ].join('\n');
  return { text, constant, variables: nx + nz, constraints: rows.length };
}

/** Solve (or relax) the program with the given HiGHS instance. */
export function solveSectioningMilp(solver: LpSolver, instance: SectioningInstanceInput, options: MilpOptions = {}): MilpOutcome {
  const objective = options.objective ?? 'score';
  const lp = sectioningLp(instance, objective, options.relax ?? false);
  const solved = lp.variables === 0
    ? { Status: 'Optimal', ObjectiveValue: 0 }
    : solver.solve(lp.text, {
        ...(options.timeLimitSeconds ? { time_limit: options.timeLimitSeconds } : {}),
        mip_rel_gap: 0,
        ...(options.relax ? { solver: 'ipm', run_crossover: 'off' } : {}),
        output_flag: false,
      });
  const raw = solved.ObjectiveValue + lp.constant;
  return {
    status: solved.Status,
    objective: Math.round((objective === 'score' ? raw / 10 : raw) * 1000) / 1000,
    constant: objective === 'score' ? lp.constant / 10 : lp.constant,
    variables: lp.variables,
    constraints: lp.constraints,
  };
}
