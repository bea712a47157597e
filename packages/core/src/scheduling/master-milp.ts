// A request-aware placement of sections in time, as a mixed-integer program (issue #24): spread each
// course over the periods as the spread-evenly schedule does, but keep the small courses that the
// same students ask for (AP singletons, music, a second language) out of one another's slots,
// weighted by how many students ask for both (a required request weighs 10, another 1), and keep
// sections out of the slots their students cannot attend. Teachers and rooms are then given to fit
// (SectionPlacer), so every hard rule is kept by the timetable as everywhere else.
//
// The core stays free of I/O and solvers: the caller passes HiGHS (the `highs` package's
// `solve(lpText, options)`), as for the sectioning MILP.
import type { MasterInput } from '../formats/master.ts';
import { findMasterShortages } from './master-feasibility.ts';
import { spreadEvenlyMasterSchedule } from './master-baseline.ts';
import { buildSchoolModel, isYear, timeOfSlots, type SchoolModel } from './master-model.ts';
import { makeRoomFor, SectionPlacer } from './master-placement.ts';
import { Timetable } from './master-timetable.ts';
import { SeededRandom } from '../random.ts';

export interface PlacementSolver {
  solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns?: Record<string, { Primal?: number }> };
}

/** A course with at most this many sections is "small": its clashes with another small course are priced one by one. */
export const SMALL_COURSE_SECTIONS = 4;

export interface PlacementProgram {
  text: string;
  /** Column name → [course, time]. */
  columns: Map<string, [number, number]>;
  pairs: number;
}

/** Who asks for which two courses together, required requests weighing 10, others 1 (the lesser of the two). */
export function coRequestWeights(model: SchoolModel): Map<number, number> {
  const courses = model.courses.length;
  const together = new Map<number, number>();
  for (const student of model.input.students) {
    const wanted = new Map<number, number>();
    for (const request of student.requests ?? []) {
      const c = model.courseIndex.get(String(request.course));
      if (c === undefined || model.courses[c]!.sections === 0) continue;
      wanted.set(c, Math.max(wanted.get(c) ?? 0, request.required ? 10 : 1));
    }
    const list = [...wanted];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, wa] = list[i]!;
        const [b, wb] = list[j]!;
        const key = Math.min(a, b) * courses + Math.max(a, b);
        together.set(key, (together.get(key) ?? 0) + Math.min(wa, wb));
      }
    }
  }
  return together;
}

/**
 * The program: integer n[c,t] sections of course c at time t. Each course gets its sections; no
 * slot holds more of a course than the even spread (or its locks); no slot more sections needing
 * rooms of a type and size than such rooms (nested sizes, so the count is exact), nor more than
 * the teachers qualified and there; for two small courses asked together, z ≥ occupancy(a,s) +
 * occupancy(b,s) − 1 in every slot, priced by the students asking for both over the pairs of
 * sections; and a section where its students cannot be is priced by those students.
 */
export function placementProgram(model: SchoolModel, seed = 1, fixed?: ReadonlyMap<string, number>): PlacementProgram {
  const random = new SeededRandom(seed);
  const wrap = (terms: string[]) => {
    const lines: string[] = [];
    for (let i = 0; i < terms.length; i += 10) lines.push(terms.slice(i, i + 10).join(' + '));
    return lines.join('\n   + ');
  };
  const slots = model.slotNames.length;
  const columns = new Map<string, [number, number]>();
  const name = (c: number, t: number) => `n_${c}_${t}`;
  const objective: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const generals: string[] = [];
  const offered = model.courses.map((course, c) => (course.sections > 0 ? c : -1)).filter((c) => c >= 0);
  // Locked times: lower bounds.
  const lockedAt = new Map<string, number>();
  for (const section of model.sections) {
    if (section.lockedTime >= 0) lockedAt.set(name(section.course, section.lockedTime), (lockedAt.get(name(section.course, section.lockedTime)) ?? 0) + 1);
  }
  // Occupancy of a course in a slot: the times of the course that use the slot.
  const occupancy = (c: number, slot: number) => model.courseTimes[c]!.filter((t) => model.timeSlots[t]!.includes(slot)).map((t) => name(c, t));
  // Students who cannot attend: weight over the course's sections, for each time touching their slots.
  const awayCost = new Map<string, number>();
  for (const student of model.input.students) {
    const away = new Set((student.unavailableSlots ?? []).map((slot) => model.slotIndex.get(slot)!));
    if (away.size === 0) continue;
    for (const request of student.requests ?? []) {
      const c = model.courseIndex.get(String(request.course));
      if (c === undefined || model.courses[c]!.sections === 0) continue;
      for (const t of model.courseTimes[c]!) {
        if (model.timeSlots[t]!.some((slot) => away.has(slot))) {
          const key = name(c, t);
          awayCost.set(key, (awayCost.get(key) ?? 0) + (request.required ? 10 : 1) / model.courses[c]!.sections);
        }
      }
    }
  }
  for (const c of offered) {
    const course = model.courses[c]!;
    const terms: string[] = [];
    for (const t of model.courseTimes[c]!) {
      const column = name(c, t);
      columns.set(column, [c, t]);
      terms.push(column);
      generals.push(column);
      const low = lockedAt.get(column) ?? 0;
      const given = fixed?.get(column);
      if (given !== undefined && given >= low) bounds.push(` ${given} <= ${column} <= ${given}`);
      else bounds.push(` ${low} <= ${column} <= ${course.sections}`);
      // A tiny seeded tie-break, so that equal placements differ by seed rather than by column order.
      objective.push(`${round6((awayCost.get(column) ?? 0) + random.next() * 1e-3)} ${column}`);
    }
    rows.push(`${wrap(terms)} = ${course.sections}`);
    // As even as the spread-evenly schedule: every slot (and, for a semester course, every period
    // over the terms) between the floor and the ceiling of its share; locks may go above.
    const spreadOver = (over: number, columnsOf: string[]) => {
      const locked = columnsOf.reduce((sum, column) => sum + (lockedAt.get(column) ?? 0), 0);
      rows.push(`${wrap(columnsOf)} <= ${Math.max(Math.ceil(course.sections / over), locked)}`);
      const floor = Math.floor(course.sections / over);
      if (floor > 0) rows.push(`${wrap(columnsOf)} >= ${floor}`);
    };
    const year = isYear(model, c);
    // A big course given by the spread-evenly schedule is already spread.
    if (fixed && course.sections > SMALL_COURSE_SECTIONS) continue;
    for (let slot = 0; slot < slots; slot++) spreadOver(year ? model.periods : slots, occupancy(c, slot));
    if (!year) {
      for (let period = 0; period < model.periods; period++) {
        spreadOver(model.periods, model.courseTimes[c]!.filter((t) => (t - model.periods) % model.periods === period).map((t) => name(c, t)));
      }
    }
  }
  // Rooms: for each room type and each size a course of that type needs, the sections needing at least that size.
  const roomsOfType = new Map<string, number[]>();
  model.input.rooms.forEach((room) => roomsOfType.set(room.type, [...(roomsOfType.get(room.type) ?? []), room.capacity]));
  const typeOf = (c: number) => model.courses[c]!.roomType ?? 'classroom';
  const lockedRoomSections = new Set(model.sections.flatMap((section) => (section.lockedRoom >= 0 ? [section.course] : [])));
  for (const type of new Set(offered.map(typeOf))) {
    const mine = offered.filter((c) => typeOf(c) === type && !lockedRoomSections.has(c));
    for (const size of new Set(mine.map((c) => model.courses[c]!.capacity))) {
      const needing = mine.filter((c) => model.courses[c]!.capacity >= size);
      const rooms = (roomsOfType.get(type) ?? []).filter((capacity) => capacity >= size).length;
      for (let slot = 0; slot < slots; slot++) rows.push(`${wrap(needing.flatMap((c) => occupancy(c, slot)))} <= ${rooms}`);
    }
  }
  // Teachers: a course never has more sections in a slot than qualified teachers free then.
  for (const c of offered) {
    for (let slot = 0; slot < slots; slot++) {
      const free = model.qualified[c]!.filter((t) => !model.teacherAway[t * slots + slot]).length;
      const locked = occupancy(c, slot).reduce((sum, column) => sum + (lockedAt.get(column) ?? 0), 0);
      rows.push(`${wrap(occupancy(c, slot))} <= ${Math.max(free, locked)}`);
    }
  }
  // Co-requested small courses kept apart.
  const small = offered.filter((c) => model.courses[c]!.sections <= SMALL_COURSE_SECTIONS);
  const smallSet = new Set(small);
  let pairs = 0;
  for (const [key, weight] of coRequestWeights(model)) {
    const a = Math.floor(key / model.courses.length);
    const b = key % model.courses.length;
    if (!smallSet.has(a) || !smallSet.has(b)) continue;
    pairs++;
    const price = round6(weight / (model.courses[a]!.sections * model.courses[b]!.sections));
    for (let slot = 0; slot < slots; slot++) {
      const z = `z_${a}_${b}_${slot}`;
      rows.push(`${wrap([...occupancy(a, slot), ...occupancy(b, slot)])} - ${z} <= 1`);
      objective.push(`${price} ${z}`);
      bounds.push(` 0 <= ${z}`);
    }
  }
  const text = [
    'Minimize',
    ` obj: ${objective.length ? wrap(objective) : '0 n_0_0'}`,
    'Subject To',
    ...rows.map((row, i) => ` r${i}: ${row}`),
    'Bounds',
    ...bounds,
    'General',
    ...generals.map((g) => ` ${g}`),
    'End',
    '',
  ].join('\n');
  return { text, columns, pairs };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The big courses' sections per time as the spread-evenly schedule has them, so the program
 * decides only the small courses. Left to the program, the big courses' extra sections (ENG9's
 * ninth over seven periods) tend to fall in the same periods for every course of a grade, a
 * correlation the random spread does not have and that cost 150 complete schedules of 2,500.
 */
function bigCourseSpread(model: SchoolModel, seed: number): Map<string, number> | undefined {
  const spread = spreadEvenlyMasterSchedule(model.input, seed);
  if (spread.status !== 'built') return undefined;
  const counts = new Map<string, number>();
  for (const section of spread.instance.sections) {
    const c = model.courseIndex.get(section.course)!;
    if (model.courses[c]!.sections <= SMALL_COURSE_SECTIONS) continue;
    const key = `n_${c}_${timeOfSlots(model, c, section.slots)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Every time of a big course is given, those without a section at 0.
  for (const [c, course] of model.courses.entries()) {
    if (course.sections <= SMALL_COURSE_SECTIONS || course.sections === 0) continue;
    for (const t of model.courseTimes[c]!) if (!counts.has(`n_${c}_${t}`)) counts.set(`n_${c}_${t}`, 0);
  }
  return counts;
}

export interface PlacementOptions {
  seed?: number;
  timeLimitSeconds?: number;
}

export type PlacementResult =
  | { status: 'built'; timetable: Timetable; solverStatus: string; pairs: number }
  | { status: 'infeasible'; reasons: string[] };

/**
 * Solves the program, then gives each section its planned time with a teacher and room that fit.
 * Where none fits (the program counts teachers and rooms per slot, not per teacher's load), the
 * section takes the fitting time the program's plan leaves least crowded, else one blocking
 * section is moved (as the spread-evenly schedule does).
 */
export function placeByProgram(model: SchoolModel, solver: PlacementSolver, options: PlacementOptions = {}): PlacementResult {
  const settings = { time_limit: Math.max(1, options.timeLimitSeconds ?? 30), mip_rel_gap: 0.001, output_flag: false };
  let program = placementProgram(model, options.seed ?? 1, bigCourseSpread(model, options.seed ?? 1));
  let solved = solver.solve(program.text, settings);
  if (solved.Status === 'Infeasible') {
    program = placementProgram(model, options.seed ?? 1);
    solved = solver.solve(program.text, settings);
  }
  const planned = new Map<number, number[]>();
  for (const [column, [c, t]] of program.columns) {
    const value = Math.round(solved.Columns?.[column]?.Primal ?? 0);
    for (let k = 0; k < value; k++) planned.set(c, [...(planned.get(c) ?? []), t]);
  }
  const timetable = new Timetable(model);
  const placer = new SectionPlacer(model);
  const unplaced: string[] = [];
  const take = (c: number, t: number) => {
    const list = planned.get(c) ?? [];
    const i = list.indexOf(t);
    if (i >= 0) list.splice(i, 1);
  };
  for (const [s, section] of model.sections.entries()) {
    if (section.lockedTime < 0) continue;
    take(section.course, section.lockedTime);
    if (!placer.place(timetable, s, section.lockedTime)) unplaced.push(section.id);
  }
  // Locked teachers and fixed students first, then the courses with fewest sections.
  const order = model.sections
    .map((_, s) => s)
    .filter((s) => model.sections[s]!.lockedTime < 0)
    .sort((a, b) => key(a) - key(b) || a - b);
  function key(s: number) {
    const section = model.sections[s]!;
    return (section.lockedTeacher >= 0 || section.fixedStudents.length > 0 ? 0 : 1e6) + model.courses[section.course]!.sections;
  }
  for (const s of order) {
    const c = model.sections[s]!.course;
    const list = planned.get(c) ?? [];
    const fitting = list.findIndex((t) => placer.fits(timetable, s, t));
    if (fitting >= 0 && placer.place(timetable, s, list[fitting]!)) {
      list.splice(fitting, 1);
      continue;
    }
    const here = (t: number) => model.sections.reduce((sum, other, o) => sum + (other.course === c && timetable.time[o]! >= 0 && model.clash[timetable.time[o]! * model.timeCount + t] ? 1 : 0), 0);
    const elsewhere = model.courseTimes[c]!.filter((t) => placer.fits(timetable, s, t)).sort((x, y) => here(x) - here(y) || x - y);
    if (elsewhere.length > 0 && placer.place(timetable, s, elsewhere[0]!)) {
      if (list.length > 0) list.shift();
      continue;
    }
    if (makeRoomFor(model, timetable, placer, s, () => {}) >= 0) {
      if (list.length > 0) list.shift();
      continue;
    }
    unplaced.push(model.sections[s]!.id);
  }
  if (unplaced.length > 0) return { status: 'infeasible', reasons: [`the request-aware placement found no teacher and room for ${unplaced.join(', ')}`] };
  return { status: 'built', timetable, solverStatus: solved.Status, pairs: program.pairs };
}

/** The request-aware MILP placement on its own: the benchmark's second baseline. */
export function requestAwareMasterSchedule(input: MasterInput, solver: PlacementSolver, options: PlacementOptions = {}) {
  const model = buildSchoolModel(input);
  const reasons = findMasterShortages(model);
  if (reasons.length > 0) return { status: 'infeasible' as const, reasons };
  const placed = placeByProgram(model, solver, options);
  if (placed.status !== 'built') return placed;
  return { status: 'built' as const, instance: placed.timetable.toInstance(), solverStatus: placed.solverStatus, pairs: placed.pairs };
}
