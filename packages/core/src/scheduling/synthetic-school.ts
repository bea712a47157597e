import { SECTIONING_FORMAT, type SectioningInstance, type Student } from '../formats/sectioning.ts';
import { SeededRandom } from '../random.ts';

/**
 * A seeded generator of made-up high schools (never real students), for tests and benchmarks.
 *
 * It works the way a school does: students of grades 9–12 ask for courses (a core sequence per
 * grade, honors and AP for some, electives with alternates), a counselor's tally turns demand into
 * sections, a simple master schedule places them (keeping courses the same students take together
 * apart, pairing semester courses that seniors take together into one period across the year),
 * and teachers and rooms are given to fit without double-booking. A few students hold a locked
 * special-education section (`fixed`) and a few have a work-experience period (`unavailableSlots`).
 *
 * The steps are separate functions so the master-schedule builder can take the catalog and the
 * students (`generateSchoolDemand`) and place the sections itself.
 */

export interface SyntheticSchoolOptions {
  students: number;
  /** Periods in a day, the same in both terms (S1, S2). Default 6. */
  periods?: number;
  seed?: number;
  /**
   * 0 = generous (about 15% spare seats in every course, full-size sections), 1 = tight (the
   * seats of a course just cover its requests, so every clash costs a seat). Default 0.5.
   */
  tightness?: number;
  /**
   * How sections get their periods: `'request-aware'` (default) keeps courses the same students
   * take apart; `'spread-evenly'` spreads each course's sections over the periods without reading
   * the requests, as a first-cut system does (the master builder's point of comparison).
   */
  placement?: 'request-aware' | 'spread-evenly';
  name?: string;
}

export type Term = 'year' | 'sem';
export type RoomType = 'classroom' | 'lab' | 'gym' | 'art' | 'music';

export interface CatalogCourse {
  id: string;
  title: string;
  term: Term;
  department: string;
  capacity: number;
  roomType: RoomType;
  /** Semester course usually taken with this one in the other term of the same period. */
  pairWith?: string;
}

export interface DemandCourse extends CatalogCourse {
  /** Sections the counselor's tally gives (for a semester course, over the year). */
  sections: number;
  /** Students asking for it as their first choice. */
  demand: number;
}

export interface PlacedSection {
  id: string;
  course: string;
  slots: string[];
  capacity: number;
  teacher: string;
  room: string;
}

export interface SchoolDemand {
  name: string;
  terms: string[];
  periods: number;
  slots: string[];
  courses: DemandCourse[];
  students: Student[];
  /** Students to be fixed in a special-education section, by student id (sections are placed later). */
  specialEducation: string[];
}

const c = (id: string, title: string, department: string, extra: Partial<CatalogCourse> = {}): CatalogCourse => ({
  id, title, term: 'year', department, capacity: 34, roomType: 'classroom', ...extra,
});

/** The course catalog of a comprehensive high school. */
export const CATALOG: CatalogCourse[] = [
  c('ENG9', 'English 9', 'English'), c('ENG9H', 'English 9 Honors', 'English'),
  c('ENG10', 'English 10', 'English'), c('ENG10H', 'English 10 Honors', 'English'),
  c('ENG11', 'American Literature', 'English'), c('APLANG', 'AP English Language', 'English'),
  c('ENG12', 'British Literature', 'English'), c('APLIT', 'AP English Literature', 'English'),
  c('ALG1', 'Algebra 1', 'Math'), c('GEO', 'Geometry', 'Math'), c('ALG2', 'Algebra 2', 'Math'),
  c('PRECALC', 'Precalculus', 'Math'), c('APCALC', 'AP Calculus AB', 'Math'), c('STATS', 'Statistics', 'Math'),
  c('APSTAT', 'AP Statistics', 'Math'),
  c('BIO', 'Biology', 'Science', { capacity: 32, roomType: 'lab' }), c('CHEM', 'Chemistry', 'Science', { capacity: 32, roomType: 'lab' }),
  c('PHYS', 'Physics', 'Science', { capacity: 32, roomType: 'lab' }), c('ENVSCI', 'Environmental Science', 'Science', { capacity: 32, roomType: 'lab' }),
  c('APBIO', 'AP Biology', 'Science', { capacity: 32, roomType: 'lab' }), c('APCHEM', 'AP Chemistry', 'Science', { capacity: 32, roomType: 'lab' }),
  c('WHIST', 'World History', 'Social Studies'), c('APWH', 'AP World History', 'Social Studies'),
  c('USHIST', 'US History', 'Social Studies'), c('APUSH', 'AP US History', 'Social Studies'),
  c('GOV', 'Principles of American Democracy', 'Social Studies', { term: 'sem', pairWith: 'ECON' }),
  c('ECON', 'Economics', 'Social Studies', { term: 'sem', pairWith: 'GOV' }),
  c('PSYCH', 'Psychology', 'Social Studies', { term: 'sem', pairWith: 'SOC' }),
  c('SOC', 'Sociology', 'Social Studies', { term: 'sem', pairWith: 'PSYCH' }),
  c('HEALTH', 'Health', 'PE', { term: 'sem', pairWith: 'CAREER' }),
  c('CAREER', 'College and Career Readiness', 'CTE', { term: 'sem', pairWith: 'HEALTH' }),
  c('PE9', 'Physical Education 9', 'PE', { capacity: 45, roomType: 'gym' }), c('PE10', 'Physical Education 10', 'PE', { capacity: 45, roomType: 'gym' }),
  c('SPAN1', 'Spanish 1', 'World Languages'), c('SPAN2', 'Spanish 2', 'World Languages'), c('SPAN3', 'Spanish 3', 'World Languages'),
  c('APSPAN', 'AP Spanish Language', 'World Languages'), c('FREN1', 'French 1', 'World Languages'), c('FREN2', 'French 2', 'World Languages'),
  c('ART1', 'Art 1', 'Arts', { roomType: 'art' }), c('CERAM', 'Ceramics', 'Arts', { roomType: 'art' }), c('PHOTO', 'Photography', 'Arts', { roomType: 'art' }),
  c('DRAMA', 'Drama', 'Arts'), c('BAND', 'Concert Band', 'Arts', { capacity: 60, roomType: 'music' }), c('CHOIR', 'Choir', 'Arts', { capacity: 60, roomType: 'music' }),
  c('ROBOT', 'Robotics', 'CTE', { capacity: 30, roomType: 'lab' }), c('APCSP', 'AP Computer Science Principles', 'CTE'),
  c('CULIN', 'Culinary Arts', 'CTE', { capacity: 30, term: 'sem', pairWith: 'ICS' }),
  c('ICS', 'Intro to Computer Science', 'CTE', { term: 'sem', pairWith: 'CULIN' }),
  c('JOURN', 'Journalism', 'English'),
  c('RSP', 'Resource Specialist Program', 'Special Education', { capacity: 15 }),
];

const byId = new Map(CATALOG.map((course) => [course.id, course]));

/** Elective choices open to a grade, with how popular each is. */
const ELECTIVES: Record<number, Array<[string, number]>> = {
  9: [['SPAN1', 6], ['FREN1', 3], ['ART1', 4], ['BAND', 2], ['CHOIR', 2], ['DRAMA', 2], ['ICS', 2], ['CULIN', 2], ['ROBOT', 2]],
  10: [['SPAN2', 5], ['FREN2', 2], ['SPAN1', 2], ['ART1', 2], ['CERAM', 3], ['BAND', 2], ['CHOIR', 2], ['DRAMA', 2], ['APCSP', 2], ['PHOTO', 2], ['ICS', 2], ['CULIN', 2], ['ROBOT', 2], ['APWH', 2]],
  11: [['SPAN3', 3], ['SPAN2', 2], ['APSPAN', 1], ['CERAM', 3], ['PHOTO', 3], ['BAND', 2], ['CHOIR', 2], ['DRAMA', 2], ['APCSP', 2], ['JOURN', 2], ['PSYCH', 3], ['SOC', 2], ['CULIN', 2], ['ROBOT', 2], ['APCHEM', 1]],
  12: [['APSPAN', 1], ['SPAN3', 2], ['CERAM', 3], ['PHOTO', 3], ['BAND', 2], ['CHOIR', 2], ['DRAMA', 2], ['APCSP', 2], ['JOURN', 2], ['PSYCH', 3], ['SOC', 2], ['CULIN', 2], ['ROBOT', 2], ['APBIO', 1], ['APCHEM', 1]],
};

function weighted<T>(random: SeededRandom, items: Array<[T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let x = random.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Students and their requests, and the sections a counselor's tally gives for them. */
export function generateSchoolDemand(options: SyntheticSchoolOptions): SchoolDemand {
  const random = new SeededRandom(options.seed ?? 1);
  const periods = options.periods ?? 6;
  const tightness = Math.min(1, Math.max(0, options.tightness ?? 0.5));
  const terms = ['S1', 'S2'];
  const slots = terms.flatMap((t) => Array.from({ length: periods }, (_, p) => `${t}-P${p + 1}`));
  const students: Student[] = [];
  const specialEducation: string[] = [];
  for (let i = 0; i < options.students; i++) {
    const grade = 9 + Math.floor((i * 4) / options.students);
    const strong = random.chance(0.2);
    const requests: Student['requests'] = [];
    const need = (course: string, required = true, priority = 1) => requests.push({ course, required, priority, alternates: [] });
    // Year-long periods filled by required/core courses; electives fill the rest.
    let load = 0;
    if (grade === 9) {
      need(strong ? 'ENG9H' : 'ENG9');
      need(random.chance(0.7) ? 'ALG1' : 'GEO');
      need('BIO');
      need('PE9');
      need('HEALTH');
      need('CAREER');
      load = 5;
    } else if (grade === 10) {
      need(strong ? 'ENG10H' : 'ENG10');
      need(random.chance(0.65) ? 'GEO' : 'ALG2');
      need('CHEM');
      need(strong && random.chance(0.5) ? 'APWH' : 'WHIST');
      need('PE10');
      load = 5;
    } else if (grade === 11) {
      need(strong && random.chance(0.6) ? 'APLANG' : 'ENG11');
      need(random.chance(0.6) ? 'ALG2' : 'PRECALC');
      need(strong && random.chance(0.5) ? 'APUSH' : 'USHIST');
      need(strong ? 'APBIO' : random.chance(0.5) ? 'PHYS' : 'ENVSCI', false, 4);
      load = 4;
    } else {
      need(strong && random.chance(0.6) ? 'APLIT' : 'ENG12');
      need('GOV');
      need('ECON');
      load = 2;
      if (random.chance(0.7)) {
        need(strong ? (random.chance(0.5) ? 'APCALC' : 'APSTAT') : random.chance(0.5) ? 'PRECALC' : 'STATS', false, 4);
        load++;
      }
    }
    const student: Student = { id: String(100000 + i), grade, requests, unavailableSlots: [], fixed: [] };
    if (random.chance(0.02)) {
      specialEducation.push(student.id);
      load++;
    } else if (grade >= 11 && random.chance(0.05)) {
      // Work experience: the last period of the day, all year.
      student.unavailableSlots = terms.map((t) => `${t}-P${periods}`);
      load++;
    }
    const pool = [...ELECTIVES[grade]!];
    let priority = 5;
    while (load < periods) {
      const open = pool.filter(([id]) => !requests.some((r) => r.course === id));
      if (open.length === 0) break;
      const choice = weighted(random, open);
      const course = byId.get(choice)!;
      const alternates: string[] = [];
      const altCount = random.int(3);
      for (let a = 0; a < altCount; a++) {
        const options = pool.filter(([id]) => id !== choice && !alternates.includes(id) && byId.get(id)!.term === course.term);
        if (options.length === 0) break;
        const alt = weighted(random, options);
        if (!requests.some((r) => r.course === alt)) alternates.push(alt);
      }
      requests.push({ course: choice, required: false, priority: priority++, alternates });
      if (course.term === 'sem') {
        // A semester elective comes with its partner (or another semester course) to fill the year.
        const partner = course.pairWith && !requests.some((r) => r.course === course.pairWith) ? course.pairWith : undefined;
        if (partner) requests.push({ course: partner, required: false, priority: priority++, alternates: [] });
      }
      load++;
    }
    students.push(student);
  }

  // The counselor's tally: first choices, plus spare seats that shrink as tightness grows.
  const demand = new Map<string, number>();
  for (const student of students) for (const r of student.requests) demand.set(r.course, (demand.get(r.course) ?? 0) + 1);
  demand.set('RSP', specialEducation.length);
  const spare = 1 + 0.15 * (1 - tightness);
  const courses: DemandCourse[] = CATALOG.map((course) => {
    const d = demand.get(course.id) ?? 0;
    const sections = d === 0 ? 0 : Math.max(1, Math.ceil((d * spare) / course.capacity));
    // Tight schools also cap sections nearer the tally: at 1 the seats just cover the requests.
    const tallied = sections === 0 ? course.capacity : Math.ceil((d * spare) / sections);
    const capacity = Math.max(1, Math.round(course.capacity + (Math.min(tallied, course.capacity) - course.capacity) * tightness * tightness));
    return { ...course, capacity, demand: d, sections };
  });
  return { name: options.name ?? `Synthetic High (${options.students} students, ${periods} periods, seed ${options.seed ?? 1})`, terms, periods, slots, courses, students, specialEducation };
}

interface Unit {
  /** One year section, or a pair of semester sections sharing a period, or one semester section. */
  parts: Array<{ course: string; term: number | null }>;
}

/**
 * A simple request-aware master schedule: places sections in periods (and semester sections in
 * terms), teachers and rooms to fit. Courses with few sections go first; each section goes to
 * the period where it least overlaps the courses its students also asked for.
 */
export function placeSections(school: SchoolDemand, seed = 1, placement: SyntheticSchoolOptions['placement'] = 'request-aware'): PlacedSection[] {
  const random = new SeededRandom(seed * 7919 + 17);
  const P = school.periods;
  const courseIds = school.courses.map((course) => course.id);
  const index = new Map(courseIds.map((id, i) => [id, i]));
  const n = courseIds.length;
  // How many students ask for both courses (required pairs count double: they must not clash).
  const together = Array.from({ length: n }, () => new Float64Array(n));
  for (const student of school.students) {
    const asked = student.requests.map((r) => ({ i: index.get(r.course)!, w: r.required ? 2 : 1 }));
    for (const a of asked) for (const b of asked) if (a.i !== b.i) together[a.i]![b.i]! += Math.min(a.w, b.w);
  }
  // Seats of each course placed in each (term, period) so far.
  const seats = Array.from({ length: n }, () => new Float64Array(2 * P));
  const sectionsIn = new Float64Array(2 * P);
  const units: Unit[] = [];
  const left = new Map(school.courses.map((course) => [course.id, course.sections]));
  for (const course of school.courses) {
    if (course.term === 'year') {
      for (let k = 0; k < course.sections; k++) units.push({ parts: [{ course: course.id, term: null }] });
    } else if (course.pairWith && course.id < course.pairWith) {
      const partner = course.pairWith;
      const pairs = Math.min(left.get(course.id)!, left.get(partner) ?? 0);
      for (let k = 0; k < pairs; k++) {
        const flip = k % 2;
        units.push({ parts: [{ course: course.id, term: flip }, { course: partner, term: 1 - flip }] });
      }
      left.set(course.id, left.get(course.id)! - pairs);
      left.set(partner, (left.get(partner) ?? 0) - pairs);
    }
  }
  for (const course of school.courses) {
    if (course.term !== 'sem') continue;
    for (let k = 0; k < left.get(course.id)!; k++) units.push({ parts: [{ course: course.id, term: k % 2 }] });
  }
  // Scarce courses first: a singleton must find its period before the big courses fill them.
  const sectionsOf = new Map(school.courses.map((course) => [course.id, course.sections]));
  const unitSize = (u: Unit) => Math.min(...u.parts.map((p) => sectionsOf.get(p.course)!));
  random.shuffle(units);
  units.sort((a, b) => unitSize(a) - unitSize(b));
  const placed: Array<{ unit: Unit; period: number }> = [];
  if (placement === 'spread-evenly') {
    // Round-robin from a random period per course: even, and blind to who takes what.
    const nextPeriod = new Map<string, number>();
    for (const unit of units) {
      const course = unit.parts[0]!.course;
      const p = nextPeriod.get(course) ?? random.int(P);
      nextPeriod.set(course, (p + 1) % P);
      placed.push({ unit, period: p });
    }
  }
  const totalSections = units.reduce((sum, u) => sum + u.parts.length, 0);
  const perSlot = totalSections / (2 * P) / 2;
  for (const unit of placement === 'spread-evenly' ? [] : units) {
    let best = 0;
    let bestCost = Infinity;
    for (let p = 0; p < P; p++) {
      let cost = 0;
      for (const part of unit.parts) {
        const i = index.get(part.course)!;
        const course = school.courses[i]!;
        for (const t of part.term === null ? [0, 1] : [part.term]) {
          const slot = t * P + p;
          for (let j = 0; j < n; j++) {
            const s = seats[j]![slot]!;
            if (s === 0 || together[i]![j] === 0) continue;
            const otherSeats = school.courses[j]!.sections * school.courses[j]!.capacity;
            cost += (together[i]![j]! * s) / Math.max(1, otherSeats);
          }
          // Spread a course's own sections, and keep periods evenly loaded for teachers and rooms.
          cost += (seats[i]![slot]! / Math.max(1, course.sections * course.capacity)) * course.demand;
          cost += (sectionsIn[slot]! / Math.max(1, perSlot)) * 2;
        }
      }
      cost += random.next() * 1e-6;
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    for (const part of unit.parts) {
      const i = index.get(part.course)!;
      for (const t of part.term === null ? [0, 1] : [part.term]) {
        seats[i]![t * P + best]! += school.courses[i]!.capacity;
        sectionsIn[t * P + best]!++;
      }
    }
    placed.push({ unit, period: best });
  }

  // Teachers and rooms, greedily, without double-booking. A teacher teaches at most P-1 periods a term.
  interface Teacher { id: string; department: string; busy: Uint8Array; load: [number, number]; courses: Set<string> }
  interface Room { id: string; type: RoomType; capacity: number; busy: Uint8Array }
  const teachers: Teacher[] = [];
  const rooms: Room[] = [];
  const roomCapacity: Record<RoomType, number> = { classroom: 36, lab: 32, gym: 50, art: 34, music: 70 };
  const sections: PlacedSection[] = [];
  const counter = new Map<string, number>();
  const slotName = (t: number, p: number) => `${school.terms[t]}-P${p + 1}`;
  const bySize = [...placed].sort((a, b) => a.unit.parts[0]!.course.localeCompare(b.unit.parts[0]!.course) || a.period - b.period);
  for (const { unit, period } of bySize) {
    for (const part of unit.parts) {
      const course = school.courses[index.get(part.course)!]!;
      const termsUsed = part.term === null ? [0, 1] : [part.term];
      const slotIdx = termsUsed.map((t) => t * P + period);
      const free = (busy: Uint8Array) => slotIdx.every((s) => !busy[s]);
      const fits = (t: Teacher) => t.department === course.department && free(t.busy) && termsUsed.every((term) => t.load[term as 0 | 1] < P - 1);
      let teacher = teachers.find((t) => fits(t) && t.courses.has(course.id)) ?? teachers.find(fits);
      if (!teacher) {
        teacher = { id: `T${String(teachers.length + 1).padStart(3, '0')}`, department: course.department, busy: new Uint8Array(2 * P), load: [0, 0], courses: new Set() };
        teachers.push(teacher);
      }
      for (const s of slotIdx) teacher.busy[s] = 1;
      for (const term of termsUsed) teacher.load[term as 0 | 1]++;
      teacher.courses.add(course.id);
      let room = rooms.find((r) => r.type === course.roomType && r.capacity >= course.capacity && free(r.busy));
      if (!room) {
        room = { id: `R${100 + rooms.length + 1}`, type: course.roomType, capacity: Math.max(roomCapacity[course.roomType], course.capacity), busy: new Uint8Array(2 * P) };
        rooms.push(room);
      }
      for (const s of slotIdx) room.busy[s] = 1;
      const k = (counter.get(course.id) ?? 0) + 1;
      counter.set(course.id, k);
      sections.push({
        id: `${course.id}-${String(k).padStart(2, '0')}`,
        course: course.id,
        slots: termsUsed.map((t) => slotName(t, period)),
        capacity: course.capacity,
        teacher: teacher.id,
        room: room.id,
      });
    }
  }
  return sections;
}

/** A complete `homeroom.sectioning/v1` instance of a made-up high school. */
export function generateSyntheticSchool(options: SyntheticSchoolOptions): SectioningInstance {
  const school = generateSchoolDemand(options);
  const sections = placeSections(school, options.seed ?? 1, options.placement);
  // Special-education students are fixed in resource sections round-robin, each within its seats.
  const resource = sections.filter((s) => s.course === 'RSP');
  const seatsLeft = new Map(resource.map((s) => [s.id, s.capacity]));
  const specialEducation = new Set(school.specialEducation);
  let next = 0;
  const students = school.students.map((student) => {
    if (!specialEducation.has(student.id) || resource.length === 0) return student;
    for (let tries = 0; tries < resource.length; tries++) {
      const section = resource[(next + tries) % resource.length]!;
      if (seatsLeft.get(section.id)! > 0) {
        seatsLeft.set(section.id, seatsLeft.get(section.id)! - 1);
        next = (next + tries + 1) % resource.length;
        return { ...student, fixed: [section.id] };
      }
    }
    return student;
  });
  return {
    format: SECTIONING_FORMAT,
    name: school.name,
    slots: school.slots,
    courses: school.courses.map((course) => ({ id: course.id, title: course.title, term: course.term })),
    sections,
    students,
  };
}
