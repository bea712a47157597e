/**
 * The district course catalog. High-school courses are semester courses, as California districts
 * code them: a year of English 10 is English 10A (230201) then English 10B (230202). Credit
 * recovery courses carry the code of the course they recover with an 8 in front (810101 recovers
 * Algebra 1A, 310101) and no A-G area. Middle-school courses are year courses without high-school
 * credit, except Algebra 1 and Spanish 1 taken early.
 */
export type Subject = 'english' | 'math' | 'science' | 'social' | 'language' | 'arts' | 'pe' | 'health' | 'elective' | 'cte' | 'rotc';
export type Honors = 'none' | 'honors' | 'ap' | 'ib' | 'college';

export interface CourseDef {
  code: string;
  title: string;
  credits: number;
  subject: Subject | null;
  ag: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | null;
  honors: Honors;
  ucHonors: boolean;
  lowGrade: number;
  highGrade: number;
  tags: string[];
  language: string | null;
  termLength: 'semester' | 'year';
  next: string | null;
  repeatable: boolean;
  roomType: 'classroom' | 'lab' | 'gym' | 'art' | 'music';
  department: string;
  /** Marked pass / no pass rather than with a letter. */
  passFail?: boolean;
}

type Extra = Partial<Omit<CourseDef, 'code' | 'title'>>;

const DEPARTMENT: Record<Subject, string> = {
  english: 'English', math: 'Mathematics', science: 'Science', social: 'History-Social Science', language: 'World Languages',
  arts: 'Visual and Performing Arts', pe: 'Physical Education', health: 'Physical Education', elective: 'Electives', cte: 'Career Technical Education', rotc: 'JROTC',
};
const ROOM: Partial<Record<Subject, CourseDef['roomType']>> = { science: 'lab', pe: 'gym' };

function course(code: string, title: string, subject: Subject, ag: CourseDef['ag'], extra: Extra = {}): CourseDef {
  const honors = extra.honors ?? 'none';
  return {
    code, title, credits: 5, subject, ag, honors, ucHonors: honors === 'ap' || honors === 'ib' || (honors === 'honors' && ag !== null),
    lowGrade: 9, highGrade: 12, tags: [], language: null, termLength: 'semester', next: null, repeatable: false,
    roomType: ROOM[subject] ?? 'classroom', department: DEPARTMENT[subject], ...extra,
  };
}

/** A year of a high-school course: its A and B semester courses, A pointing at B. */
function yearCourse(code: string, title: string, subject: Subject, ag: CourseDef['ag'], extra: Extra = {}): [CourseDef, CourseDef] {
  const b = String(Number(code) + 1).padStart(6, '0');
  return [course(code, `${title} A`, subject, ag, { ...extra, next: b }), course(b, `${title} B`, subject, ag, extra)];
}

const HS: CourseDef[] = [
  ...yearCourse('230101', 'ENGLISH 9', 'english', 'b', { lowGrade: 9, highGrade: 9 }),
  ...yearCourse('230111', 'ENGLISH 9 HONORS', 'english', 'b', { honors: 'honors', lowGrade: 9, highGrade: 9 }),
  ...yearCourse('230201', 'ENGLISH 10', 'english', 'b', { lowGrade: 10, highGrade: 10 }),
  ...yearCourse('230211', 'ENGLISH 10 HONORS', 'english', 'b', { honors: 'honors', lowGrade: 10, highGrade: 10 }),
  ...yearCourse('230301', 'AMERICAN LITERATURE 11', 'english', 'b', { lowGrade: 11, highGrade: 11 }),
  ...yearCourse('230321', 'AP ENGLISH LANGUAGE', 'english', 'b', { honors: 'ap', lowGrade: 11, highGrade: 12 }),
  ...yearCourse('230401', 'EXPOSITORY READING AND WRITING 12', 'english', 'b', { lowGrade: 12, highGrade: 12 }),
  ...yearCourse('230421', 'AP ENGLISH LITERATURE', 'english', 'b', { honors: 'ap', lowGrade: 12, highGrade: 12 }),
  ...yearCourse('310101', 'ALGEBRA 1', 'math', 'c', { lowGrade: 8 }),
  ...yearCourse('310201', 'GEOMETRY', 'math', 'c'),
  ...yearCourse('310301', 'ALGEBRA 2', 'math', 'c'),
  ...yearCourse('310311', 'ALGEBRA 2 HONORS', 'math', 'c', { honors: 'honors' }),
  ...yearCourse('310401', 'PRECALCULUS', 'math', 'c', { lowGrade: 10 }),
  ...yearCourse('310521', 'AP CALCULUS AB', 'math', 'c', { honors: 'ap', lowGrade: 11 }),
  ...yearCourse('310621', 'AP STATISTICS', 'math', 'c', { honors: 'ap', lowGrade: 11 }),
  ...yearCourse('360101', 'BIOLOGY', 'science', 'd', { tags: ['biological'] }),
  ...yearCourse('360121', 'AP BIOLOGY', 'science', 'd', { honors: 'ap', tags: ['biological'], lowGrade: 11 }),
  ...yearCourse('360201', 'CHEMISTRY', 'science', 'd', { tags: ['physical'] }),
  ...yearCourse('360301', 'PHYSICS', 'science', 'd', { tags: ['physical'], lowGrade: 11 }),
  ...yearCourse('360401', 'ENVIRONMENTAL SCIENCE', 'science', 'd', { tags: ['biological'], lowGrade: 11 }),
  ...yearCourse('380101', 'WORLD HISTORY', 'social', 'a', { tags: ['world-history'], lowGrade: 10 }),
  ...yearCourse('380201', 'US HISTORY', 'social', 'a', { tags: ['us-history'], lowGrade: 11 }),
  ...yearCourse('380221', 'AP US HISTORY', 'social', 'a', { honors: 'ap', tags: ['us-history'], lowGrade: 11 }),
  course('380301', 'PRINCIPLES OF AMERICAN DEMOCRACY', 'social', 'a', { tags: ['gov'], lowGrade: 12 }),
  course('380321', 'AP US GOVERNMENT AND POLITICS', 'social', 'a', { honors: 'ap', tags: ['gov'], lowGrade: 12 }),
  course('380311', 'ECONOMICS', 'social', 'g', { tags: ['econ'], lowGrade: 12 }),
  course('380401', 'ETHNIC STUDIES', 'social', 'g', { tags: ['ethnic-studies'] }),
  course('300101', 'HEALTH', 'health', null, { tags: ['health'] }),
  ...(['spanish', 'french'] as const).flatMap((language, l) =>
    [1, 2, 3, 4].flatMap((level) =>
      yearCourse(`${20 + l}0${level}01`, `${language.toUpperCase()} ${level}`, 'language', 'e', { language, lowGrade: level === 1 ? 8 : 9 }),
    ),
  ),
  ...yearCourse('200521', 'AP SPANISH LANGUAGE', 'language', 'e', { language: 'spanish', honors: 'ap', lowGrade: 10 }),
  ...yearCourse('500101', 'ART 1', 'arts', 'f', { roomType: 'art' }),
  ...yearCourse('500201', 'DRAWING AND PAINTING', 'arts', 'f', { roomType: 'art' }),
  ...yearCourse('510101', 'BAND 1', 'arts', 'f', { roomType: 'music' }),
  ...yearCourse('510201', 'BAND 2', 'arts', 'f', { roomType: 'music' }),
  ...yearCourse('520101', 'CHOIR', 'arts', 'f', { roomType: 'music', repeatable: true }),
  ...yearCourse('530101', 'THEATER ARTS', 'arts', 'f'),
  ...yearCourse('600101', 'PHYSICAL EDUCATION 1', 'pe', null, { lowGrade: 9, highGrade: 10 }),
  ...yearCourse('600201', 'PHYSICAL EDUCATION 2', 'pe', null, { lowGrade: 10 }),
  course('700101', 'PSYCHOLOGY', 'elective', 'g', { lowGrade: 11 }),
  course('700111', 'SOCIOLOGY', 'elective', 'g', { lowGrade: 11 }),
  ...yearCourse('700201', 'JOURNALISM', 'elective', 'g'),
  ...yearCourse('700321', 'AP COMPUTER SCIENCE PRINCIPLES', 'elective', 'g', { honors: 'ap', lowGrade: 10 }),
  ...yearCourse('700401', 'YEARBOOK', 'elective', null, { repeatable: true }),
  ...yearCourse('700501', 'TEACHER ASSISTANT', 'elective', null, { lowGrade: 11, passFail: true }),
  ...yearCourse('700601', 'ADVISORY 9', 'elective', null, { passFail: true, highGrade: 9 }),
  ...yearCourse('820101', 'INTRODUCTION TO ENGINEERING DESIGN', 'cte', 'g'),
  ...yearCourse('820201', 'CULINARY ARTS', 'cte', null),
  ...yearCourse('820301', 'MEDICAL CAREERS', 'cte', 'g', { lowGrade: 10 }),
  ...yearCourse('820401', 'DIGITAL MEDIA ARTS', 'cte', 'f', { roomType: 'art' }),
  ...yearCourse('850101', 'JROTC 1', 'rotc', null),
  ...yearCourse('850201', 'JROTC 2', 'rotc', null, { lowGrade: 10 }),
];

/** Credit recovery for the core courses: same requirements, no A-G area. */
const RECOVERED = HS.filter((c) => ['english', 'math', 'science', 'social'].includes(c.subject ?? '') && c.honors === 'none');
const RECOVERY: CourseDef[] = RECOVERED.map((c) => ({
  ...c, code: `8${c.code.slice(1)}`, title: `${c.title} (CREDIT RECOVERY)`, ag: null, ucHonors: false, next: null, lowGrade: 9, roomType: 'classroom',
}));

function middle(code: string, title: string, subject: Subject, grade: number | null, extra: Extra = {}): CourseDef {
  return course(code, title, subject, null, { credits: 10, lowGrade: grade ?? 6, highGrade: grade ?? 8, termLength: 'year', ...extra });
}

const MS: CourseDef[] = [6, 7, 8].flatMap((g) => [
  middle(`10${g}001`, `ENGLISH ${g}`, 'english', g),
  middle(`11${g}001`, `MATH ${g}`, 'math', g),
  middle(`12${g}001`, `SCIENCE ${g}`, 'science', g),
  middle(`13${g}001`, `HISTORY ${g}`, 'social', g),
  middle(`14${g}001`, `PHYSICAL EDUCATION ${g}`, 'pe', g),
]).concat([
  middle('150001', 'EXPLORATORY ART', 'arts', null, { roomType: 'art' }),
  middle('150101', 'BEGINNING BAND', 'arts', null, { roomType: 'music' }),
  middle('150201', 'COMPUTER LITERACY', 'elective', null),
  middle('150301', 'LEADERSHIP', 'elective', null, { lowGrade: 7 }),
  middle('150401', 'SPANISH EXPLORATORY', 'language', null, { language: 'spanish' }),
]);

/** Elementary classes are self-contained: one class a grade per teacher, all year. */
const ELEMENTARY: CourseDef[] = [-1, 0, 1, 2, 3, 4, 5].map((g) =>
  middle(`09${String(g + 1).padStart(2, '0')}01`, g === -1 ? 'TRANSITIONAL KINDERGARTEN' : g === 0 ? 'KINDERGARTEN' : `GRADE ${g}`, 'elective', g, { credits: 0, subject: null, department: 'Elementary' }),
);

export function elementaryClassCode(grade: number): string {
  return `09${String(grade + 1).padStart(2, '0')}01`;
}

export const CATALOG: readonly CourseDef[] = [...HS, ...RECOVERY, ...MS, ...ELEMENTARY];
export const COURSE: ReadonlyMap<string, CourseDef> = new Map(CATALOG.map((c) => [c.code, c]));

export function courseDef(code: string): CourseDef {
  const c = COURSE.get(code);
  if (!c) throw new Error(`no course ${code} in the catalog`);
  return c;
}

export function recoveryCode(code: string): string | null {
  const recovery = `8${code.slice(1)}`;
  return COURSE.has(recovery) && code !== recovery ? recovery : null;
}

/** Next year's course after a year course (by its B semester): [to, preference]. */
export const SEQUENCES: ReadonlyArray<readonly [string, string, number]> = [
  ['230102', '230201', 1], ['230102', '230211', 2], ['230112', '230211', 1], ['230112', '230201', 2],
  ['230202', '230301', 1], ['230202', '230321', 2], ['230212', '230321', 1], ['230212', '230301', 2],
  ['230302', '230401', 1], ['230302', '230421', 2], ['230322', '230421', 1], ['230322', '230401', 2],
  ['310102', '310201', 1], ['310202', '310301', 1], ['310202', '310311', 2], ['310302', '310401', 1], ['310312', '310401', 1],
  ['310402', '310521', 1], ['310402', '310621', 2], ['310302', '310621', 2],
  ['360102', '360201', 1], ['360202', '360301', 1], ['360202', '360121', 2], ['360202', '360401', 3],
  ['380102', '380201', 1], ['380102', '380221', 2], ['380202', '380301', 1], ['380222', '380321', 1],
  ['200102', '200201', 1], ['200202', '200301', 1], ['200302', '200401', 1], ['200302', '200521', 2],
  ['210102', '210201', 1], ['210202', '210301', 1], ['210302', '210401', 1],
  ['510102', '510201', 1], ['500102', '500201', 1], ['600102', '600201', 1], ['850102', '850201', 1],
  ['108001', '230101', 1], ['108001', '230111', 2], ['118001', '310101', 1], ['128001', '360101', 1],
  ['106001', '107001', 1], ['107001', '108001', 1], ['116001', '117001', 1], ['117001', '118001', 1], ['117001', '310101', 2],
];

/** Prerequisites: the B semester of the course before, passed with at least a D-. */
export const PREREQUISITES: ReadonlyArray<readonly [string, string]> = [
  ['310201', '310102'], ['310301', '310202'], ['310311', '310202'], ['310401', '310302'], ['310521', '310402'],
  ['360201', '310102'], ['360301', '310302'], ['200201', '200102'], ['200301', '200202'], ['200401', '200302'],
  ['210201', '210102'], ['210301', '210202'], ['210401', '210302'], ['200521', '200302'],
];
