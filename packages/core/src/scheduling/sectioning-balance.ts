import { compareTotals, type SectioningState } from './sectioning-state.ts';

/**
 * Phase 3 of the student scheduler: bring the sections of each course closer in size without
 * changing anything a student is judged on (which courses, which alternates).
 */

/**
 * Move students from fuller to emptier sections of the same course wherever their other
 * sections and blocked slots allow; only the section changes, so no goal above balance moves.
 */
export function balanceSections(state: SectioningState): void {
  const model = state.model;
  // Each student's taken slots, built when first needed and kept current as they move.
  const occupied: Uint8Array[] = [];
  const occupy = (student: number): Uint8Array => {
    let used = occupied[student];
    if (!used) {
      used = new Uint8Array(model.slotIds.length);
      for (const slot of model.studentUnavailable[student]!) used[slot] = 1;
      for (const fixedSection of model.studentFixed[student]!) for (const slot of model.sectionSlots[fixedSection]!) used[slot] = 1;
      for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
        const section = state.reqSection[requestIndex]!;
        if (section >= 0) for (const slot of model.sectionSlots[section]!) used[slot] = 1;
      }
      occupied[student] = used;
    }
    return used;
  };
  const requestOf = (student: number, section: number): number => {
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) if (state.reqSection[requestIndex] === section) return requestIndex;
    return -1;
  };
  for (let course = 0; course < model.courseIds.length; course++) {
    const sections = model.courseSections[course]!;
    if (sections.length < 2) continue;
    for (let round = 0; round < 200; round++) {
      // Fill ratio, so that sections of different sizes balance fairly.
      const fill = (section: number) => state.enrolled[section]! / Math.max(1, model.sectionCapacity[section]!);
      const sorted = [...sections].sort((a, b) => fill(b) - fill(a) || a - b);
      let moved = false;
      for (let hi = 0; hi < sorted.length && !moved; hi++) {
        const from = sorted[hi]!;
        for (let lo = sorted.length - 1; lo > hi && !moved; lo--) {
          const to = sorted[lo]!;
          if (state.enrolled[from]! - state.enrolled[to]! < 2 || state.sectionFree(to) <= 0) continue;
          for (const student of [...state.members[from]!]) {
            const used = occupy(student);
            for (const slot of model.sectionSlots[from]!) used[slot] = 0;
            const fits = model.sectionSlots[to]!.every((slot) => !used[slot]);
            for (const slot of model.sectionSlots[from]!) used[slot] = 1;
            if (!fits) continue;
            const requestIndex = requestOf(student, from);
            if (requestIndex < 0) continue;
            const optionIndex = state.reqOption[requestIndex]!;
            state.unassign(requestIndex);
            state.assign(requestIndex, optionIndex, to);
            for (const slot of model.sectionSlots[from]!) used[slot] = 0;
            for (const slot of model.sectionSlots[to]!) used[slot] = 1;
            moved = true;
            break;
          }
        }
      }
      if (!moved) break;
    }
  }
}

/**
 * Balance where a plain move cannot: a student in one of a course's fullest sections is re-solved
 * with that request forced into the course's emptiest time, so their other courses may change
 * periods too (choir to period 4, English to period 2). Kept only if the student's own goals are
 * untouched and the sum of squared fill ratios of the sections involved goes down. It stops at
 * `maxTrials` re-solves or when `timeUp` says so: on a school with many spare seats its trials
 * ran for minutes past the run's time limit (94 s of CPU on one 3,600-student high school).
 */
export function rebalanceByResolving(state: SectioningState, maxTrials = 20_000, timeUp: () => boolean = () => false): void {
  const model = state.model;
  const cost = (section: number, enrolled: number) => (enrolled * enrolled) / Math.max(1, model.sectionCapacity[section]!);
  const fill = (section: number) => state.enrolled[section]! / Math.max(1, model.sectionCapacity[section]!);
  const held = (student: number): number[] => {
    const sections: number[] = [];
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) if (state.reqSection[requestIndex]! >= 0) sections.push(state.reqSection[requestIndex]!);
    return sections;
  };
  let trials = 0;
  for (let course = 0; course < model.courseIds.length && trials < maxTrials; course++) {
    const sections = model.courseSections[course]!;
    if (model.courseGroups[course]!.length < 2) continue;
    for (let round = 0; round < 100 && trials < maxTrials && !timeUp(); round++) {
      const sorted = [...sections].sort((a, b) => fill(b) - fill(a) || a - b);
      const from = sorted[0]!;
      const to = sorted[sorted.length - 1]!;
      if (state.enrolled[from]! - state.enrolled[to]! < 2 || state.sectionFree(to) <= 0) break;
      const target = model.sectionGroup[to]!;
      let moved = false;
      for (const student of [...state.members[from]!]) {
        if (trials >= maxTrials || timeUp()) break;
        let requestIndex = -1;
        for (let q = model.requestStart[student]!; q < model.requestStart[student + 1]!; q++) if (state.reqSection[q] === from) requestIndex = q;
        if (requestIndex < 0) continue;
        const request = model.requests[requestIndex]!;
        const optionIndex = state.reqOption[requestIndex]!;
        let offered = false;
        for (let i = 0; i < request.candidates.length; i += 2) {
          if (request.candidates[i] === optionIndex && request.candidates[i + 1] === target) offered = true;
        }
        if (!offered) continue;
        trials++;
        const saved = state.snapshot(student);
        const before = state.totalsOf([student]);
        const sectionsBefore = held(student);
        state.solveStudent(student, false, true, requestIndex, target);
        const after = state.totalsOf([student]);
        const sectionsAfter = held(student);
        let delta = 0;
        for (const section of new Set([...sectionsBefore, ...sectionsAfter])) {
          const now = state.enrolled[section]!;
          const was = now + (sectionsBefore.includes(section) ? 1 : 0) - (sectionsAfter.includes(section) ? 1 : 0);
          delta += cost(section, now) - cost(section, was);
        }
        if (compareTotals(after, before) >= 0 && delta < -1e-9) {
          moved = true;
          break;
        }
        state.restore(student, saved);
      }
      if (!moved) break;
    }
  }
}
