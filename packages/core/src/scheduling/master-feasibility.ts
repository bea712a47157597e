// Shortages that make every master schedule impossible, found by counting before any search, so
// that a counselor reads "CHEM needs 11 sections a term but T031 and T032 can teach at most 10"
// rather than "no schedule found".
import { lockName, roomTypeOf } from '../formats/master.ts';
import { FlowNetwork } from './master-flow.ts';
import { isYear, type SchoolModel } from './master-model.ts';

/** How many sections a teacher can teach in each term: maxSections, or fewer free periods. */
export function teacherTermCapacity(model: SchoolModel, teacher: number): number[] {
  const slots = model.slotNames.length;
  const max = model.input.teachers[teacher]!.maxSections;
  return Array.from({ length: model.terms }, (_, term) => {
    let free = 0;
    for (let p = 0; p < model.periods; p++) if (!model.teacherAway[teacher * slots + term * model.periods + p]) free++;
    return Math.min(max, free);
  });
}

/** Periods in which the teacher is free in every term: where a year section of theirs can go. */
function yearPeriodsFree(model: SchoolModel, teacher: number): number {
  const slots = model.slotNames.length;
  let free = 0;
  for (let p = 0; p < model.periods; p++) {
    let all = true;
    for (let term = 0; term < model.terms; term++) if (model.teacherAway[teacher * slots + term * model.periods + p]) all = false;
    if (all) free++;
  }
  return free;
}

const list = (ids: string[]) => (ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 6).join(', ')} and ${ids.length - 6} more`);

export function findMasterShortages(model: SchoolModel): string[] {
  const reasons: string[] = [];
  const { input } = model;
  const teacherIds = input.teachers.map((t) => t.id);
  const capacity = input.teachers.map((_, t) => teacherTermCapacity(model, t));

  // Each course on its own: rooms, then teachers.
  model.courses.forEach((course, c) => {
    if (course.sections === 0) return;
    if (model.roomsFor[c]!.length === 0) {
      const ofType = input.rooms.filter((room) => room.type === roomTypeOf(course));
      reasons.push(
        ofType.length === 0
          ? `course ${course.id} needs a ${roomTypeOf(course)} room but the school has none`
          : `course ${course.id} needs a ${roomTypeOf(course)} room seating ${course.capacity} but the largest (${ofType.sort((a, b) => b.capacity - a.capacity)[0]!.id}) seats ${Math.max(...ofType.map((r) => r.capacity))}`,
      );
    }
    const teachers = model.qualified[c]!;
    if (teachers.length === 0) {
      reasons.push(`course ${course.id} has ${course.sections} sections but no qualified teacher`);
      return;
    }
    const names = `(${list(teachers.map((t) => teacherIds[t]!))})`;
    if (isYear(model, c)) {
      const most = teachers.reduce((sum, t) => sum + Math.min(...capacity[t]!, yearPeriodsFree(model, t)), 0);
      if (most < course.sections) {
        reasons.push(`course ${course.id} needs ${course.sections} sections a term but its qualified teachers ${names} can teach at most ${most}`);
      }
    } else {
      const most = teachers.reduce((sum, t) => sum + capacity[t]!.reduce((a, b) => a + b, 0), 0);
      if (most < course.sections) {
        reasons.push(`course ${course.id} needs ${course.sections} sections over the year but its qualified teachers ${names} can teach at most ${most}`);
      }
    }
  });
  if (reasons.length > 0) return reasons;

  reasons.push(...sharedTeacherShortage(model, capacity));
  reasons.push(...sharedRoomShortage(model));
  reasons.push(...lockContradictions(model, capacity));
  return reasons;
}

/**
 * Courses that share teachers, as a flow from courses (section-terms needed) to teachers (sections
 * they can teach over the year), solved. The shortage check reads its cut; the builder's teacher
 * allotment reads its flows.
 */
export function teacherFlow(model: SchoolModel, capacity = model.input.teachers.map((_, t) => teacherTermCapacity(model, t))) {
  const courses = model.courses.length;
  const source = courses + model.input.teachers.length;
  const network = new FlowNetwork(source + 2);
  const need = (c: number) => (isYear(model, c) ? model.courses[c]!.sections * model.terms : model.courses[c]!.sections);
  const yearly = (t: number) => capacity[t]!.reduce((a, b) => a + b, 0);
  const edges: { course: number; teacher: number; edge: number }[] = [];
  let demand = 0;
  model.courses.forEach((_, c) => {
    if (need(c) === 0) return;
    demand += need(c);
    network.addEdge(source, c, need(c));
    for (const t of model.qualified[c]!) edges.push({ course: c, teacher: t, edge: network.addEdge(c, courses + t, need(c)) });
  });
  capacity.forEach((_, t) => network.addEdge(courses + t, source + 1, yearly(t)));
  const flow = network.maxFlow(source, source + 1);
  return { network, source, edges, demand, flow, need, yearly };
}

/** The courses on the short side of the teacher flow's cut, with what they need and what their teachers can give; null when the teachers suffice. */
export function teacherShortfall(model: SchoolModel, capacity?: number[][]) {
  const { network, source, demand, flow, need, yearly } = teacherFlow(model, capacity);
  if (flow >= demand) return null;
  const courses = model.courses.length;
  const side = network.reachableFrom(source);
  const short = model.courses.flatMap((_, c) => (side[c] ? [c] : []));
  const shared = model.input.teachers.flatMap((_, t) => (side[courses + t] ? [t] : []));
  return {
    courses: short,
    teachers: shared,
    need: short.reduce((sum, c) => sum + need(c), 0),
    most: shared.reduce((sum, t) => sum + yearly(t), 0),
  };
}

function sharedTeacherShortage(model: SchoolModel, capacity: number[][]): string[] {
  const shortfall = teacherShortfall(model, capacity);
  if (!shortfall) return [];
  const courses = shortfall.courses.map((c) => model.courses[c]!.id);
  const teachers = shortfall.teachers.map((t) => model.input.teachers[t]!.id);
  return [
    `courses ${list(courses)} together need ${shortfall.need} section-terms but the teachers qualified for them (${list(teachers)}) can teach at most ${shortfall.most}`,
  ];
}

/** Rooms of each type, counted by size: sections needing at least N seats against rooms seating N. */
function sharedRoomShortage(model: SchoolModel): string[] {
  const reasons: string[] = [];
  const slots = model.slotNames.length;
  const types = new Set(model.courses.map(roomTypeOf));
  for (const type of types) {
    const courses = model.courses.map((course, c) => ({ course, c })).filter(({ course }) => roomTypeOf(course) === type && course.sections > 0);
    const sizes = [...new Set(courses.map(({ course }) => course.capacity))].sort((a, b) => a - b);
    for (const size of sizes) {
      const needing = courses.filter(({ course }) => course.capacity >= size);
      const need = needing.reduce((sum, { course, c }) => sum + (isYear(model, c) ? course.sections * model.terms : course.sections), 0);
      const rooms = model.input.rooms.filter((room) => room.type === type && room.capacity >= size);
      if (need > rooms.length * slots) {
        reasons.push(
          `courses ${list(needing.map(({ course }) => course.id))} need ${need} ${type} room-slots seating at least ${size} but the ${rooms.length} such rooms offer ${rooms.length * slots}`,
        );
        break;
      }
    }
  }
  return reasons;
}

function lockContradictions(model: SchoolModel, capacity: number[][]): string[] {
  const reasons: string[] = [];
  const { input } = model;
  const locks = input.locks ?? [];
  const slotCount = model.slotNames.length;
  const lockedSections = model.sections.filter((s) => s.lock >= 0);
  const nameOf = (lock: number) => lockName(locks[lock]!, lock);
  const slotsOf = (time: number) => (time >= 0 ? model.timeSlots[time]! : []);

  // Same teacher or room locked twice into one slot.
  for (let a = 0; a < lockedSections.length; a++) {
    for (let b = a + 1; b < lockedSections.length; b++) {
      const x = lockedSections[a]!;
      const y = lockedSections[b]!;
      const shared = slotsOf(x.lockedTime).filter((slot) => slotsOf(y.lockedTime).includes(slot));
      if (shared.length === 0) continue;
      const at = model.slotNames[shared[0]!]!;
      if (x.lockedTeacher >= 0 && x.lockedTeacher === y.lockedTeacher) {
        reasons.push(`${nameOf(x.lock)} and ${nameOf(y.lock)} both put teacher ${input.teachers[x.lockedTeacher]!.id} in ${at}`);
      }
      if (x.lockedRoom >= 0 && x.lockedRoom === y.lockedRoom) {
        reasons.push(`${nameOf(x.lock)} and ${nameOf(y.lock)} both put room ${input.rooms[x.lockedRoom]!.id} in ${at}`);
      }
    }
  }

  // A teacher locked into more sections in a term than maxSections allows.
  input.teachers.forEach((teacher, t) => {
    const mine = lockedSections.filter((s) => s.lockedTeacher === t);
    for (let term = 0; term < model.terms; term++) {
      const inTerm = mine.filter((s) => isYear(model, s.course) || (s.lockedTime >= 0 && Math.floor((s.lockedTime - model.periods) / model.periods) === term)).length;
      if (inTerm > capacity[t]![term]!) {
        reasons.push(`teacher ${teacher.id} is locked into ${inTerm} sections in ${input.terms[term]} but can teach at most ${capacity[t]![term]} there`);
      }
    }
  });

  // Students fixed in locks that clash with each other or with the student's own unavailable slots.
  const lockSection = new Map(lockedSections.map((s) => [s.lock, s]));
  const byId = new Map(locks.flatMap((lock, index) => (lock.id !== undefined ? [[lock.id, index] as const] : [])));
  for (const student of input.students) {
    const fixed = (student.fixed ?? []).map(String).map((id) => lockSection.get(byId.get(id)!)!);
    const away = new Set((student.unavailableSlots ?? []).map((slot) => model.slotIndex.get(slot)!));
    for (const [i, x] of fixed.entries()) {
      const clashWithAway = slotsOf(x.lockedTime).find((slot) => away.has(slot));
      if (clashWithAway !== undefined) {
        reasons.push(`student ${student.id} is fixed in ${x.id}, which meets in ${model.slotNames[clashWithAway]}, a slot the student is unavailable`);
      }
      if (x.lockedTime < 0) {
        const open = model.courseTimes[x.course]!.some((time) => model.timeSlots[time]!.every((slot) => !away.has(slot)));
        if (!open) reasons.push(`student ${student.id} is fixed in ${x.id} but is unavailable in every slot it could meet in`);
      }
      for (const y of fixed.slice(i + 1)) {
        const shared = slotsOf(x.lockedTime).find((slot) => slotsOf(y.lockedTime).includes(slot));
        if (shared !== undefined) reasons.push(`student ${student.id} is fixed in ${x.id} and ${y.id}, which both meet in ${model.slotNames[shared]}`);
      }
    }
  }

  // A lock that puts its section where none of the course's qualified teachers can be: no
  // schedule can staff it, whatever else moves.
  for (const s of lockedSections) {
    if (s.lockedTime < 0 || s.lockedTeacher >= 0) continue;
    const teachers = model.qualified[s.course]!;
    const slots = slotsOf(s.lockedTime);
    if (teachers.some((t) => slots.every((slot) => !model.teacherAway[t * slotCount + slot]))) continue;
    const course = model.courses[s.course]!.id;
    reasons.push(`${nameOf(s.lock)} puts ${course} in ${slots.map((slot) => model.slotNames[slot]).join(', ')} but none of its qualified teachers (${list(teachers.map((t) => input.teachers[t]!.id))}) is available in all of them`);
  }

  // A locked teacher who has no period free for the lock.
  for (const s of lockedSections) {
    if (s.lockedTeacher < 0 || s.lockedTime >= 0) continue;
    const free = model.courseTimes[s.course]!.some((time) => model.timeSlots[time]!.every((slot) => !model.teacherAway[s.lockedTeacher * slotCount + slot]));
    if (!free) reasons.push(`${nameOf(s.lock)}: teacher ${input.teachers[s.lockedTeacher]!.id} is unavailable in every period the section could meet in`);
  }

  // More sections locked into a slot than teachers or rooms can take there.
  for (let slot = 0; slot < slotCount; slot++) {
    const here = lockedSections.filter((s) => slotsOf(s.lockedTime).includes(slot));
    if (here.length < 2) continue;
    const teachersFor = (s: (typeof here)[number]) =>
      (s.lockedTeacher >= 0 ? [s.lockedTeacher] : model.qualified[s.course]!).filter((t) => !model.teacherAway[t * slotCount + slot]);
    const roomsFor = (s: (typeof here)[number]) => (s.lockedRoom >= 0 ? [s.lockedRoom] : model.roomsFor[s.course]!);
    for (const [kind, options, total] of [
      ['teachers', teachersFor, input.teachers.length],
      ['rooms', roomsFor, input.rooms.length],
    ] as const) {
      const network = new FlowNetwork(here.length + total + 2);
      const source = here.length + total;
      here.forEach((s, i) => {
        network.addEdge(source, i, 1);
        for (const o of options(s)) network.addEdge(i, here.length + o, 1);
      });
      for (let o = 0; o < total; o++) network.addEdge(here.length + o, source + 1, 1);
      const matched = network.maxFlow(source, source + 1);
      if (matched < here.length) {
        reasons.push(`${model.slotNames[slot]} has ${here.length} sections locked to it (${list(here.map((s) => s.id))}) but ${kind} can take only ${matched} of them`);
      }
    }
  }
  return reasons;
}
