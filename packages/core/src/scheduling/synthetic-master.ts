// A made-up comprehensive high school in homeroom.master/v1, for tests and the benchmark: four
// grades with their required core, AP singletons that the same juniors and seniors ask for, English
// learners in ELD instead of grade English, a band locked to first period, a part-time teacher, a
// resource program with students fixed in its sections, and teachers sized as a district sizes them.
// Never real students; the same seed gives the same school.
import type { MasterCourse, MasterInput, MasterLock, MasterRoom, MasterStudent, MasterTeacher } from '../formats/master.ts';
import { teacherShortfall } from './master-feasibility.ts';
import { buildSchoolModel } from './master-model.ts';
import { SeededRandom } from '../random.ts';

export interface SyntheticMasterOptions {
  students?: number;
  periods?: number;
  seed?: number;
}

interface CatalogCourse {
  id: string;
  title: string;
  term: 'year' | 'sem';
  capacity: number;
  roomType: string;
  department: string;
}

const catalog: CatalogCourse[] = [
  ...[
    ['ENG9', 'English 9'], ['ENG10', 'English 10'], ['ENG11', 'English 11'], ['ENG12', 'English 12'],
    ['ELD1', 'English Language Development 1'], ['ELD2', 'English Language Development 2'],
    ['APLANG', 'AP English Language'], ['APLIT', 'AP English Literature'],
  ].map(([id, title]) => ({ id: id!, title: title!, term: 'year' as const, capacity: 34, roomType: 'classroom', department: 'English' })),
  ...[
    ['ALG1', 'Algebra 1'], ['GEO', 'Geometry'], ['ALG2', 'Algebra 2'], ['PRECALC', 'Precalculus'], ['STATS', 'Statistics'],
    ['APCALC', 'AP Calculus AB'], ['APSTATS', 'AP Statistics'],
  ].map(([id, title]) => ({ id: id!, title: title!, term: 'year' as const, capacity: 34, roomType: 'classroom', department: 'Mathematics' })),
  ...[
    ['BIO', 'Biology'], ['CHEM', 'Chemistry'], ['PHYS', 'Physics'], ['APBIO', 'AP Biology'], ['APCHEM', 'AP Chemistry'], ['APPHYS', 'AP Physics 1'],
  ].map(([id, title]) => ({ id: id!, title: title!, term: 'year' as const, capacity: 32, roomType: 'lab', department: 'Science' })),
  ...[
    ['WHIST', 'World History', 'year'], ['APWH', 'AP World History', 'year'], ['USHIST', 'US History', 'year'], ['APUSH', 'AP US History', 'year'],
    ['GOV', 'Principles of American Democracy', 'sem'], ['ECON', 'Economics', 'sem'], ['HEALTH', 'Health', 'sem'], ['PSYCH', 'Psychology', 'sem'],
  ].map(([id, title, term]) => ({ id: id!, title: title!, term: term as 'year' | 'sem', capacity: 34, roomType: 'classroom', department: 'Social Science' })),
  ...[
    ['SPAN1', 'Spanish 1'], ['SPAN2', 'Spanish 2'], ['SPAN3', 'Spanish 3'], ['FREN1', 'French 1'], ['FREN2', 'French 2'], ['APSPAN', 'AP Spanish Language'],
  ].map(([id, title]) => ({ id: id!, title: title!, term: 'year' as const, capacity: 32, roomType: 'classroom', department: 'World Languages' })),
  { id: 'PE9', title: 'Physical Education 9', term: 'year', capacity: 40, roomType: 'gym', department: 'Physical Education' },
  { id: 'PE10', title: 'Physical Education 10', term: 'year', capacity: 40, roomType: 'gym', department: 'Physical Education' },
  { id: 'ART1', title: 'Art 1', term: 'year', capacity: 30, roomType: 'art', department: 'Arts' },
  { id: 'CERAM', title: 'Ceramics', term: 'sem', capacity: 30, roomType: 'art', department: 'Arts' },
  { id: 'BAND', title: 'Concert Band', term: 'year', capacity: 60, roomType: 'music', department: 'Arts' },
  { id: 'CHOIR', title: 'Choir', term: 'year', capacity: 50, roomType: 'music', department: 'Arts' },
  { id: 'COMPSCI', title: 'Computer Science Principles', term: 'sem', capacity: 34, roomType: 'classroom', department: 'Career Technical' },
  { id: 'RSP', title: 'Resource Specialist Program', term: 'year', capacity: 15, roomType: 'classroom', department: 'Special Education' },
];

const teachingGroups: Record<string, string[][]> = {
  English: [['ENG9', 'ENG10'], ['ENG11', 'ENG12'], ['ENG10', 'ENG11', 'APLANG'], ['ENG12', 'APLIT', 'ENG11'], ['ELD1', 'ELD2', 'ENG9']],
  Mathematics: [['ALG1', 'GEO'], ['GEO', 'ALG2'], ['ALG2', 'PRECALC', 'APCALC'], ['STATS', 'APSTATS', 'ALG1']],
  Science: [['BIO', 'APBIO'], ['CHEM', 'APCHEM', 'BIO'], ['PHYS', 'APPHYS', 'CHEM']],
  'Social Science': [['WHIST', 'APWH', 'HEALTH'], ['USHIST', 'APUSH'], ['GOV', 'ECON', 'PSYCH'], ['HEALTH', 'GOV', 'WHIST']],
  'World Languages': [['SPAN1', 'SPAN2'], ['SPAN2', 'SPAN3', 'APSPAN'], ['FREN1', 'FREN2']],
  'Physical Education': [['PE9', 'PE10']],
  Arts: [['ART1', 'CERAM'], ['BAND', 'CHOIR']],
  'Career Technical': [['COMPSCI', 'ALG1']],
  'Special Education': [['RSP']],
};

interface Want {
  course: string;
  required: boolean;
  alternates?: string[];
}

export function syntheticMasterInput(options: SyntheticMasterOptions = {}): MasterInput {
  const studentCount = options.students ?? 2500;
  const periods = options.periods ?? 6;
  const random = new SeededRandom(options.seed ?? 1);
  const chance = (p: number) => random.chance(p);
  const terms = ['S1', 'S2'];

  // Students first: what they ask for decides how many sections each course gets.
  const students: MasterStudent[] = [];
  const rspStudents: number[] = [];
  for (let i = 0; i < studentCount; i++) {
    const grade = 9 + (i % 4);
    const english = chance(0.08) ? (grade <= 10 ? 'ELD1' : 'ELD2') : null;
    const advanced = chance(0.05);
    const wants: Want[] = [];
    const electives: Want[] = [];
    const req = (course: string) => wants.push({ course, required: true });
    if (grade === 9) {
      req(english ?? 'ENG9');
      req(advanced ? 'GEO' : 'ALG1');
      req('BIO');
      req('PE9');
      req('HEALTH');
    } else if (grade === 10) {
      req(english ?? 'ENG10');
      req(advanced ? 'ALG2' : 'GEO');
      req(advanced && chance(0.5) ? 'APWH' : 'WHIST');
      req('PE10');
      if (chance(0.6)) electives.push({ course: 'CHEM', required: false, alternates: ['PHYS'] });
    } else if (grade === 11) {
      req(english ?? (advanced ? 'APLANG' : 'ENG11'));
      req(advanced ? 'PRECALC' : 'ALG2');
      req(advanced ? 'APUSH' : 'USHIST');
      if (chance(0.5)) electives.push({ course: advanced ? 'APCHEM' : 'CHEM', required: false, alternates: advanced ? ['CHEM'] : ['PHYS'] });
      if (advanced && chance(0.5)) electives.push({ course: 'APBIO', required: false });
    } else {
      req(english ?? (advanced ? 'APLIT' : 'ENG12'));
      req('GOV');
      req('ECON');
      if (advanced) electives.push({ course: chance(0.6) ? 'APCALC' : 'APSTATS', required: false, alternates: ['STATS'] });
      else if (chance(0.5)) electives.push({ course: 'STATS', required: false, alternates: ['PRECALC'] });
      if (advanced && chance(0.6)) electives.push({ course: 'APPHYS', required: false, alternates: ['PHYS'] });
    }
    // A language or the arts, then electives in the student's order of preference, until the day is full.
    const language = grade === 9 ? (chance(0.75) ? 'SPAN1' : 'FREN1') : grade === 10 ? (chance(0.75) ? 'SPAN2' : 'FREN2') : advanced ? 'APSPAN' : 'SPAN3';
    const pool: Want[] = [
      { course: 'BAND', required: false, alternates: ['CHOIR'] },
      { course: 'CHOIR', required: false, alternates: ['ART1'] },
      { course: 'ART1', required: false, alternates: ['CERAM'] },
      { course: language, required: false, alternates: grade <= 10 ? ['ART1'] : [] },
      { course: 'COMPSCI', required: false, alternates: ['CERAM'] },
      { course: 'CERAM', required: false, alternates: ['COMPSCI'] },
    ];
    if (grade >= 11) pool.push({ course: 'PSYCH', required: false, alternates: ['CERAM'] }, { course: advanced ? 'APSTATS' : 'STATS', required: false });
    if (grade === 12 && advanced) pool.push({ course: 'APCHEM', required: false }, { course: 'APBIO', required: false });
    // Most students keep to one language or music for years: it goes first when they have one.
    random.shuffle(pool);
    const keen = pool.findIndex((w) => w.course === language || w.course === 'BAND');
    if (keen > 0 && chance(0.6)) pool.unshift(...pool.splice(keen, 1));
    electives.push(...pool);
    // Fill the day: year courses take a period each, two semester courses share one.
    let load = 0;
    const periodsOf = (w: Want) => (catalog.find((c) => c.id === w.course)!.term === 'year' ? 1 : 0.5);
    for (const w of wants) load += periodsOf(w);
    const kept: Want[] = [...wants];
    for (const w of electives) {
      if (load + periodsOf(w) > periods || kept.some((k) => k.course === w.course)) continue;
      kept.push(w);
      load += periodsOf(w);
    }
    const student: MasterStudent = {
      id: String(100000 + i),
      grade,
      requests: kept.map((w, k) => ({ course: w.course, required: w.required, priority: w.required ? 1 : k + 1, alternates: w.alternates ?? [] })),
    };
    if (grade === 12 && chance(0.04)) student.unavailableSlots = terms.map((t) => `${t}-P${periods}`);
    if (chance(0.04)) rspStudents.push(i);
    students.push(student);
  }

  // Sections: enough seats for the demand plus a margin; RSP by its own roll.
  const demand = new Map<string, number>();
  for (const student of students) for (const r of student.requests ?? []) demand.set(String(r.course), (demand.get(String(r.course)) ?? 0) + 1);
  const rspSections = Math.max(1, Math.ceil(rspStudents.length / 13));
  const courses: MasterCourse[] = catalog.map((c) => {
    const wanted = c.id === 'RSP' ? 0 : (demand.get(c.id) ?? 0);
    const perSection = c.term === 'year' ? c.capacity : c.capacity / 2;
    const sections = c.id === 'RSP' ? rspSections : wanted === 0 ? 0 : c.term === 'year' ? Math.ceil((wanted * 1.02) / perSection) : Math.ceil((wanted * 1.02) / c.capacity);
    return { id: c.id, title: c.title, term: c.term, sections, capacity: c.capacity, roomType: c.roomType, department: c.department };
  });
  const sectionsOf = new Map(courses.map((c) => [c.id, c]));

  // Teachers: each department gets what its sections need at five a term, qualified across its groups.
  const teachers: MasterTeacher[] = [];
  let serial = 1;
  const newId = () => `T${String(serial++).padStart(3, '0')}`;
  for (const [department, groups] of Object.entries(teachingGroups)) {
    const load = new Map<string, number>();
    for (const c of courses.filter((c) => c.department === department)) load.set(c.id, c.term === 'year' ? c.sections : c.sections / 2);
    const total = [...load.values()].reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    // One teacher per group to start, then more where a course or the department is short of
    // a fifth spare: the slack a real school keeps so that periods can line up.
    const count = groups.map(() => 1);
    const capacityFor = (ids: string[]) => groups.reduce((sum, g, k) => sum + (g.some((id) => ids.includes(id)) ? count[k]! * 5 : 0), 0);
    for (;;) {
      const short = [...load].find(([id, sections]) => sections > 0 && capacityFor([id]) < sections * 1.1);
      if (short) count[groups.findIndex((g) => g.includes(short[0]))]!++;
      else if (capacityFor([...load.keys()]) < total * 1.05) count[count.indexOf(Math.min(...count))]!++;
      else break;
    }
    groups.forEach((group, g) => {
      for (let k = 0; k < count[g]!; k++) teachers.push({ id: newId(), courses: group, maxSections: 5, department });
    });
  }
  // Courses that share teachers may still be short together: add a teacher where the flow says so.
  for (let guard = 0; guard < 40; guard++) {
    const shortfall = teacherShortfall(buildSchoolModel({ format: 'homeroom.master/v1', terms, periods, courses, teachers, rooms: [], students: [] }));
    if (!shortfall) break;
    const course = courses[shortfall.courses[0]!]!;
    const group = teachingGroups[course.department!]!.find((g) => g.includes(course.id))!;
    teachers.push({ id: newId(), courses: group, maxSections: 5, department: course.department! });
  }
  // A part-time French teacher, shared with the middle school in the mornings.
  const partTime: MasterTeacher = {
    id: newId(), courses: ['FREN1', 'FREN2'], maxSections: 3, department: 'World Languages',
    unavailableSlots: terms.flatMap((t) => [1, 2, 3].map((p) => `${t}-P${p}`)),
  };
  teachers.push(partTime);

  // Rooms: per type, the most sections that can meet at once, with a margin; the gym as teaching stations.
  const rooms: MasterRoom[] = [];
  for (const type of ['classroom', 'lab', 'gym', 'art', 'music']) {
    const ofType = courses.filter((c) => c.roomType === type);
    const perPeriod = ofType.reduce((sum, c) => sum + (c.term === 'year' ? c.sections : c.sections / 2), 0) / periods;
    const count = Math.ceil(perPeriod * 1.05 + 1);
    const seats = Math.max(...ofType.map((c) => c.capacity));
    const prefix = { classroom: 'R1', lab: 'R3', gym: 'G', art: 'A', music: 'M' }[type]!;
    for (let k = 1; k <= count; k++) rooms.push({ id: `${prefix}${String(k).padStart(2, '0')}`, type, capacity: type === 'classroom' && k === count ? 18 : seats });
  }
  rooms.push({ id: 'R001', type: 'classroom', capacity: 18, name: 'Resource Room' });

  // Locks: band in first period with its teacher and room; the part-time teacher's French 1;
  // the resource program's sections with their students fixed in them.
  const bandTeacher = teachers.find((t) => t.courses.includes('BAND'))!;
  const locks: MasterLock[] = [];
  if ((sectionsOf.get('BAND')?.sections ?? 0) > 0) locks.push({ course: 'BAND', slots: terms.map((t) => `${t}-P1`), teacher: bandTeacher.id, room: 'M01' });
  if ((sectionsOf.get('FREN1')?.sections ?? 0) > 0) locks.push({ course: 'FREN1', teacher: partTime.id });
  const rspTeachers = teachers.filter((t) => t.courses.includes('RSP'));
  for (let k = 0; k < rspSections; k++) {
    const lock: MasterLock = { id: `RSP-${String(k + 1).padStart(2, '0')}`, course: 'RSP', teacher: rspTeachers[k % rspTeachers.length]!.id };
    if (k === 0) {
      lock.slots = terms.map((t) => `${t}-P2`);
      lock.room = 'R001';
    }
    locks.push(lock);
  }
  rspStudents.forEach((student, k) => {
    const s = students[student]!;
    s.fixed = [`RSP-${String((k % rspSections) + 1).padStart(2, '0')}`];
    // The resource period takes one of the student's periods: drop an elective to make room.
    const requests = s.requests ?? [];
    const last = requests.findLastIndex((r) => !r.required);
    if (last >= 0) requests.splice(last, 1);
  });

  return {
    format: 'homeroom.master/v1',
    name: `Synthetic High (${studentCount} students, ${periods} periods, seed ${options.seed ?? 1})`,
    terms,
    periods,
    courses,
    teachers,
    rooms,
    locks,
    students,
  };
}

/**
 * The same school with rooms as tight as a real building's (issue #15's school): Reading
 * Intervention, 30 seats, taught by the English 9 teachers, with 30-seat classrooms beside the
 * 34-seat ones; Jazz Band, a music course, taught by the art teachers; and no more art and music
 * rooms than their sections need at once. Every course still has rooms that fit it, so a valid
 * schedule exists, but a builder that hands a section another course's room puts 34 students in
 * a 30-seat room or art in the choir room here.
 */
export function withTightRooms(school: MasterInput): MasterInput {
  const input = structuredClone(school);
  const { periods } = input;
  const reading: MasterCourse = {
    id: 'READ', title: 'Reading Intervention', term: 'year', sections: Math.max(2, Math.round(input.students.length / 300)),
    capacity: 30, roomType: 'classroom', department: 'English',
  };
  const jazz: MasterCourse = { id: 'JAZZ', title: 'Jazz Band', term: 'year', sections: 1, capacity: 24, roomType: 'music', department: 'Arts' };
  input.courses.push(reading, jazz);
  for (const teacher of input.teachers) {
    if (teacher.courses.includes('ENG9')) teacher.courses = [...teacher.courses, reading.id];
    if (teacher.courses.includes('ART1')) teacher.courses = [...teacher.courses, jazz.id];
  }
  // The new sections may leave a group of courses short of teachers: hire like its teachers.
  for (let guard = 0; guard < 20; guard++) {
    const shortfall = teacherShortfall(buildSchoolModel({ ...input, rooms: [], locks: [], students: [] }));
    if (!shortfall) break;
    const like = input.teachers.find((t) => t.courses.includes(input.courses[shortfall.courses[0]!]!.id) && !t.unavailableSlots)!;
    input.teachers.push({ ...like, id: `T${String(input.teachers.length + 1).padStart(3, '0')}` });
  }
  const perPeriod = (type: string) => input.courses.filter((c) => c.roomType === type).reduce((sum, c) => sum + (c.term === 'year' ? c.sections : c.sections / input.terms.length), 0) / periods;
  const scarce = (type: string) => {
    const keep = Math.max(1, Math.ceil(perPeriod(type)));
    let seen = 0;
    input.rooms = input.rooms.filter((room) => room.type !== type || seen++ < keep);
  };
  scarce('art');
  scarce('music');
  const small = Math.ceil(reading.sections / periods) + 2;
  for (let k = 1; k <= small; k++) input.rooms.push({ id: `R2${String(k).padStart(2, '0')}`, type: 'classroom', capacity: 30 });
  return input;
}
