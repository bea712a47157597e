// The hard rules of a master schedule (docs/master-schedule.md), checked from the two documents
// alone and written independently of the builder, so that a builder bug cannot hide itself.
import { FlowNetwork } from './master-flow.ts';
import { lockName, roomTypeOf, schoolSlots, yearSlots, type MasterInput, type MasterLock, type MasterScheduleOutput, type ScheduledSection } from '../formats/master.ts';

/** Every hard rule the output breaks, one line each; empty when the schedule is valid. */
export function checkMasterHardRules(input: MasterInput, output: MasterScheduleOutput): string[] {
  const problems: string[] = [];
  const slots = schoolSlots(input.terms, input.periods);
  const courses = new Map(input.courses.map((c) => [c.id, c]));
  const teachers = new Map(input.teachers.map((t) => [t.id, t]));
  const rooms = new Map(input.rooms.map((r) => [r.id, r]));

  if (output.format !== 'homeroom.sectioning/v1') problems.push(`format is ${String(output.format)}`);
  if (output.name !== (input.name ?? '')) problems.push(`name is "${output.name}", not the input's`);
  if (output.slots.length !== slots.length || new Set(output.slots).size !== slots.length || !slots.every((s) => output.slots.includes(s))) {
    problems.push(`slots are not every slot of the school once`);
  }
  const listed = output.courses.map((c) => c.id);
  if (listed.length !== input.courses.length || new Set(listed).size !== listed.length || !input.courses.every((c) => listed.includes(c.id))) {
    problems.push(`courses are not every input course once`);
  }
  for (const course of output.courses) {
    const original = courses.get(course.id);
    if (original && (original.title !== course.title || original.term !== course.term)) problems.push(`course ${course.id}: title or term changed`);
  }
  if (output.students.length !== input.students.length || output.students.some((s, i) => JSON.stringify(s) !== JSON.stringify(input.students[i]))) {
    problems.push(`students are not the input's, unchanged and in order`);
  }

  const ids = new Set<string>();
  const perCourse = new Map<string, number>();
  const teacherAt = new Map<string, string>();
  const roomAt = new Map<string, string>();
  const teacherTermLoad = new Map<string, number>();
  for (const section of output.sections) {
    const name = `section ${section.id}`;
    if (ids.has(section.id)) problems.push(`${name}: the id is used twice`);
    ids.add(section.id);
    const course = courses.get(section.course);
    if (!course) {
      problems.push(`${name}: course ${section.course} is not in the input`);
      continue;
    }
    perCourse.set(course.id, (perCourse.get(course.id) ?? 0) + 1);
    if (section.capacity !== course.capacity) problems.push(`${name}: capacity ${section.capacity}, not ${course.id}'s ${course.capacity}`);
    const timeOk =
      course.term === 'sem'
        ? section.slots.length === 1 && slots.includes(section.slots[0]!)
        : input.terms.length === section.slots.length &&
          Array.from({ length: input.periods }, (_, p) => yearSlots(input.terms, p + 1)).some((year) => year.every((s) => section.slots.includes(s)));
    if (!timeOk) problems.push(`${name}: slots ${section.slots.join(', ')} do not fit a ${course.term} course`);

    const teacher = teachers.get(section.teacher);
    if (!teacher) problems.push(`${name}: teacher ${section.teacher} is not in the input`);
    else {
      if (!teacher.courses.includes(course.id)) problems.push(`${name}: teacher ${teacher.id} is not qualified for ${course.id}`);
      for (const slot of section.slots) {
        if (teacher.unavailableSlots?.includes(slot)) problems.push(`${name}: teacher ${teacher.id} is unavailable in ${slot}`);
        const other = teacherAt.get(`${teacher.id}@${slot}`);
        if (other !== undefined) problems.push(`${name}: teacher ${teacher.id} also teaches ${other} in ${slot}`);
        teacherAt.set(`${teacher.id}@${slot}`, section.id);
        const term = slot.split('-')[0]!;
        teacherTermLoad.set(`${teacher.id}@${term}`, (teacherTermLoad.get(`${teacher.id}@${term}`) ?? 0) + 1);
      }
    }
    const room = rooms.get(section.room);
    if (!room) problems.push(`${name}: room ${section.room} is not in the input`);
    else {
      if (room.type !== roomTypeOf(course)) problems.push(`${name}: room ${room.id} is ${room.type}, ${course.id} needs ${roomTypeOf(course)}`);
      if (room.capacity < section.capacity) problems.push(`${name}: room ${room.id} seats ${room.capacity}, fewer than ${section.capacity}`);
      for (const slot of section.slots) {
        const other = roomAt.get(`${room.id}@${slot}`);
        if (other !== undefined) problems.push(`${name}: room ${room.id} also holds ${other} in ${slot}`);
        roomAt.set(`${room.id}@${slot}`, section.id);
      }
    }
  }
  for (const course of input.courses) {
    const made = perCourse.get(course.id) ?? 0;
    if (made !== course.sections) problems.push(`course ${course.id}: ${made} sections made, ${course.sections} asked`);
  }
  for (const teacher of input.teachers) {
    for (const term of input.terms) {
      const load = teacherTermLoad.get(`${teacher.id}@${term}`) ?? 0;
      if (load > teacher.maxSections) problems.push(`teacher ${teacher.id}: ${load} sections in ${term}, more than ${teacher.maxSections}`);
    }
  }

  problems.push(...lockProblems(input.locks ?? [], output.sections));

  const byId = new Map(output.sections.map((s) => [s.id, s]));
  for (const student of input.students) {
    const used = new Map<string, string>();
    for (const slot of student.unavailableSlots ?? []) used.set(slot, 'an unavailable slot');
    for (const id of (student.fixed ?? []).map(String)) {
      const section = byId.get(id);
      if (!section) {
        problems.push(`student ${student.id}: fixed section ${id} was not made`);
        continue;
      }
      for (const slot of section.slots) {
        const other = used.get(slot);
        if (other !== undefined) problems.push(`student ${student.id}: fixed section ${id} meets in ${slot}, ${other}`);
        used.set(slot, `as does fixed section ${id}`);
      }
    }
  }
  return problems;
}

/** Each lock needs a section of its own: a matching of locks to sections that keep them. */
function lockProblems(locks: MasterLock[], sections: ScheduledSection[]): string[] {
  const withId = new Set(locks.flatMap((l) => (l.id !== undefined ? [l.id] : [])));
  const keeps = (lock: MasterLock, section: ScheduledSection) =>
    section.course === lock.course &&
    (lock.id !== undefined ? section.id === lock.id : !withId.has(section.id)) &&
    (lock.slots === undefined || (lock.slots.length === section.slots.length && lock.slots.every((s) => section.slots.includes(s)))) &&
    (lock.teacher === undefined || lock.teacher === section.teacher) &&
    (lock.room === undefined || lock.room === section.room);
  const source = locks.length + sections.length;
  const network = new FlowNetwork(source + 2);
  const lockEdges = locks.map((lock, l) => {
    sections.forEach((section, s) => {
      if (keeps(lock, section)) network.addEdge(l, locks.length + s, 1);
    });
    return network.addEdge(source, l, 1);
  });
  sections.forEach((_, s) => network.addEdge(locks.length + s, source + 1, 1));
  network.maxFlow(source, source + 1);
  return locks.flatMap((lock, l) => (network.flowOn(lockEdges[l]!) === 0 ? [`${lockName(lock, l)}: no section of its own keeps it`] : []));
}
