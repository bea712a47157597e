// The spread-evenly master schedule: what a first-cut system builds without reading a single
// request. It is the point of comparison for the builder (master.md, "What good means") and a
// legitimate quick build when there are no requests yet.
import type { MasterInput, MasterScheduleOutput } from '../formats/master.ts';
import { findMasterShortages } from './master-feasibility.ts';
import { buildSchoolModel, periodOfTime, termOfTime, type SchoolModel } from './master-model.ts';
import { makeRoomFor, SectionPlacer } from './master-placement.ts';
import { Timetable } from './master-timetable.ts';
import { SeededRandom } from '../random.ts';

export type MasterBuildResult =
  | { status: 'built'; instance: MasterScheduleOutput }
  | { status: 'infeasible'; reasons: string[] };

/**
 * Each course's sections spread as evenly as possible over the periods (a semester course's over
 * the periods and the terms), the periods that get one more chosen at random; locks kept; then
 * qualified teachers and rooms given to fit. When no teacher or room fits a section's planned
 * time, it takes the next most even time that does.
 */
export function spreadEvenlyMasterSchedule(input: MasterInput, seed = 1): MasterBuildResult {
  const model = buildSchoolModel(input);
  const reasons = findMasterShortages(model);
  if (reasons.length > 0) return { status: 'infeasible', reasons };
  const generator = new SeededRandom(seed);
  const random = () => generator.next();
  const timetable = new Timetable(model);
  const placer = new SectionPlacer(model);
  const unplaced: string[] = [];

  for (const [s, section] of model.sections.entries()) {
    if (section.lockedTime >= 0 && !placer.place(timetable, s, section.lockedTime)) unplaced.push(section.id);
  }
  // Courses with the fewest teachers to spare are given theirs first.
  const order = model.courses.map((_, c) => c).sort((a, b) => slack(model, a) - slack(model, b) || a - b);
  for (const c of order) {
    const mine = model.sections.flatMap((section, s) => (section.course === c && section.lockedTime < 0 ? [s] : []));
    for (const s of mine) {
      const times = evenOrder(model, timetable, c, random);
      if (times.some((time) => placer.place(timetable, s, time))) continue;
      // Nothing fits: shift one blocking section to another time, as a scheduler would by hand.
      if (makeRoomFor(model, timetable, placer, s, () => {}) < 0) unplaced.push(model.sections[s]!.id);
    }
  }
  if (unplaced.length > 0) {
    return { status: 'infeasible', reasons: [`the spread-evenly schedule found no teacher and room for ${unplaced.join(', ')}`] };
  }
  return { status: 'built', instance: timetable.toInstance() };
}

/** A course's times from most to least even: fewest of its sections in the period, then term, then slot. */
function evenOrder(model: SchoolModel, timetable: Timetable, course: number, random: () => number): number[] {
  const inPeriod = new Array<number>(model.periods).fill(0);
  const inTerm = new Array<number>(model.terms).fill(0);
  const atTime = new Array<number>(model.timeCount).fill(0);
  model.sections.forEach((section, s) => {
    const time = timetable.time[s]!;
    if (section.course !== course || time < 0) return;
    inPeriod[periodOfTime(model, time)]!++;
    atTime[time]!++;
    const term = termOfTime(model, time);
    if (term >= 0) inTerm[term]!++;
  });
  return model.courseTimes[course]!
    .map((time) => ({ time, key: [inPeriod[periodOfTime(model, time)]!, time < model.periods ? 0 : inTerm[termOfTime(model, time)]!, atTime[time]!], tie: random() }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.tie - b.tie)
    .map(({ time }) => time);
}

/** Spare teaching capacity of a course: its qualified teachers' sections a term minus its own. */
function slack(model: SchoolModel, course: number): number {
  const capacity = model.qualified[course]!.reduce((sum, t) => sum + model.input.teachers[t]!.maxSections, 0);
  return capacity - model.courses[course]!.sections;
}
