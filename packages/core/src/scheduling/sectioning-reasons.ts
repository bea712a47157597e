import type { UnmetRequest } from '../formats/sectioning.ts';
import type { ModelRequest } from './sectioning-model.ts';
import type { SectioningState } from './sectioning-state.ts';

function listCourses(names: string[]): string {
  return names.join(', ');
}

/** A reason for each unmet request, naming what a counselor could change. */
export function unmetRequests(state: SectioningState): UnmetRequest[] {
  const model = state.model;
  const unmet: UnmetRequest[] = [];
  // Which of the student's requests holds each slot, to name what a free section clashes with.
  const requestHoldingSlot = (student: number): Map<number, number> => {
    const held = new Map<number, number>();
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
      const section = state.reqSection[requestIndex]!;
      if (section >= 0) for (const slot of model.sectionSlots[section]!) held.set(slot, requestIndex);
    }
    return held;
  };
  for (let student = 0; student < model.studentIds.length; student++) {
    let held: Map<number, number> | null = null;
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
      const request = model.requests[requestIndex]!;
      if (request.metByFixed >= 0 || state.reqSection[requestIndex]! >= 0) continue;
      held ??= requestHoldingSlot(student);
      unmet.push({ student: model.studentIds[student]!, course: request.names[0]!, reason: reasonFor(state, student, request, held) });
    }
  }
  return unmet;
}

function reasonFor(state: SectioningState, student: number, request: ModelRequest, held: Map<number, number>): string {
  const model = state.model;
  const names = listCourses(request.names);
  if (request.options.length === 0) {
    return request.names.length === 1
      ? `course ${request.names[0]} is not a course of the instance`
      : `none of ${names} is a course of the instance`;
  }
  const offered = request.options.filter((option) => model.courseSections[option.course]!.length > 0);
  if (offered.length === 0) return `no section of ${names} is offered`;
  const unavailable = new Set(model.studentUnavailable[student]!);
  const fixedAt = new Map<number, number>();
  for (const fixedSection of model.studentFixed[student]!) for (const slot of model.sectionSlots[fixedSection]!) fixedAt.set(slot, fixedSection);
  const takenCourses = new Set<number>();
  for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
    const other = model.requests[requestIndex]!;
    const optionIndex = other.metByFixed >= 0 ? other.metByFixed : state.reqOption[requestIndex]!;
    if (optionIndex >= 0) takenCourses.add(other.options[optionIndex]!.course);
  }
  for (const fixedSection of model.studentFixed[student]!) takenCourses.add(model.sectionCourse[fixedSection]!);
  let total = 0;
  let full = 0;
  let blockedUnavailable = 0;
  const blockedSlots = new Set<string>();
  const fixedClash = new Set<string>();
  const clashes = new Map<string, number>();
  let taken = 0;
  for (const option of offered) {
    const courseTaken = takenCourses.has(option.course);
    for (const section of model.courseSections[option.course]!) {
      total++;
      if (courseTaken) {
        taken++;
        continue;
      }
      const slots = model.sectionSlots[section]!;
      const badSlot = slots.find((slot) => unavailable.has(slot));
      if (badSlot !== undefined) {
        blockedUnavailable++;
        blockedSlots.add(model.slotIds[badSlot]!);
        continue;
      }
      const fixedSlot = slots.find((slot) => fixedAt.has(slot));
      if (fixedSlot !== undefined) {
        fixedClash.add(model.sectionIds[fixedAt.get(fixedSlot)!]!);
        continue;
      }
      if (state.sectionFree(section) <= 0) {
        full++;
        continue;
      }
      for (const slot of slots) {
        const requestIndex = held.get(slot);
        if (requestIndex === undefined) continue;
        const other = model.requests[requestIndex]!;
        const course = model.courseIds[model.sectionCourse[state.reqSection[requestIndex]!]!]!;
        const label = `${other.required ? 'required course' : 'course'} ${course} in ${model.slotIds[slot]}`;
        clashes.set(label, (clashes.get(label) ?? 0) + 1);
        break;
      }
    }
  }
  if (taken === total) return `${names} is already in the student's schedule for another request`;
  if (full === total - taken) return `every section of ${names} is full`;
  if (blockedUnavailable === total - taken) return `blocked by the student's unavailable slots (${[...blockedSlots].join(', ')}): every section of ${names} meets then`;
  const parts: string[] = [];
  if (clashes.size > 0) {
    const list = [...clashes.keys()].slice(0, 3);
    parts.push(`${clashes.size === 1 ? 'the sections of' : 'sections of'} ${names} with a free seat clash with ${list.join('; ')}${clashes.size > 3 ? ' and others' : ''}`);
  }
  if (full > 0) parts.push(parts.length > 0 ? `the other ${full} ${full === 1 ? 'is' : 'are'} full` : `${full} ${full === 1 ? 'is' : 'are'} full`);
  if (blockedUnavailable > 0) parts.push(`${blockedUnavailable} in the student's unavailable slots (${[...blockedSlots].join(', ')})`);
  if (fixedClash.size > 0) parts.push(`clashes with fixed section ${[...fixedClash].join(', ')}`);
  return `no section of ${names} fits: ${parts.join('; ')}`;
}
