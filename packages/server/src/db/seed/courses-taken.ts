import { courseDef, recoveryCode, type CourseDef } from './catalog.ts';
import { CURRENT_YEAR, yearBefore } from './calendar.ts';
import { lookup, type DistrictContext } from './context.ts';
import { OUTSIDE_SCHOOLS } from './names.ts';
import type { SchoolPlan } from './plan.ts';
import { Random } from './random.ts';
import { historySchool, type Student } from './students.ts';
import type { Rows } from './writer.ts';

/** One period of a student's year: the fall course and the spring course (the same for a year course). */
export type Slot = readonly [string, string];

const pair = (code: string): Slot => [code, String(Number(code) + 1)];

// Electives a student may choose, by the first grade they are open to.
const ELECTIVES: ReadonlyArray<readonly [Slot, number, 'f' | 'other']> = [
  [pair('500101'), 9, 'f'], [pair('510101'), 9, 'f'], [pair('530101'), 9, 'f'], [pair('820101'), 9, 'other'], [pair('820201'), 9, 'other'],
  [pair('700401'), 9, 'other'], [pair('700201'), 10, 'other'], [pair('820301'), 10, 'other'], [pair('820401'), 10, 'f'], [pair('520101'), 10, 'f'],
  [['700101', '700111'], 11, 'other'], [pair('700501'), 11, 'other'], [pair('700321'), 10, 'other'],
];
const FOLLOW_ON: Record<string, Slot> = { '500101': pair('500201'), '510101': pair('510201') };

/**
 * The four years of high school a student follows (grade 9 first), each a list of slots with
 * the core courses first. Drawn from the student's own stream, so that the middle school (for
 * next year's requests) and the high school see the same plan.
 */
export function highSchoolPath(ctx: DistrictContext, student: Student, periods: number): Slot[][] {
  const random = new Random(ctx.seed, 0x9a7, student.number);
  const taken = new Set<string>();
  const years: Slot[][] = [];
  let hadArt = false;
  for (let grade = 9; grade <= 12; grade++) {
    const slots: Slot[] = [];
    const h = student.honors;
    slots.push(pair(grade === 9 ? (h ? '230111' : '230101') : grade === 10 ? (h ? '230211' : '230201') : grade === 11 ? (h ? '230321' : '230301') : h ? '230421' : '230401'));
    const level = grade - 9 + (student.advancedMath ? 1 : 0);
    const math = level === 0 ? '310101' : level === 1 ? '310201' : level === 2 ? (h ? '310311' : '310301') : level === 3 ? '310401' : h ? '310521' : '310621';
    if (!(grade === 12 && student.ability < 0.4)) slots.push(pair(math));
    if (grade === 9) slots.push(pair('360101'));
    else if (grade === 10) slots.push(pair('360201'));
    else if (grade === 11) slots.push(pair(h ? '360121' : student.ability < 0.45 ? '360401' : '360301'));
    else if (h) slots.push(pair('360301'));
    if (grade === 9) slots.push(['300101', '380401']);
    else if (grade === 10) slots.push(pair('380101'));
    else if (grade === 11) slots.push(pair(h ? '380221' : '380201'));
    else slots.push([h ? '380321' : '380301', '380311']);
    if (grade <= 10) slots.push(pair(student.jrotc ? (grade === 9 ? '850101' : '850201') : grade === 9 ? '600101' : '600201'));
    if (student.language) {
      const base = student.language === 'spanish' ? 20 : 21;
      const level = grade - 8;
      if (level <= 2 || (level === 3 && student.ability > 0.45) || (level === 4 && h)) {
        slots.push(pair(level === 4 && student.language === 'spanish' ? '200521' : `${base}0${level}01`));
      }
    }
    while (slots.length < periods) {
      const open = ELECTIVES.filter(([slot, from, area]) => from <= grade && !taken.has(slot[0]) && !slots.some((s) => s[0] === slot[0]) && (area === 'f' || hadArt || grade < 10 || slots.length < periods - 1) && (slot[0] !== '700321' || h));
      const followOns = Object.entries(FOLLOW_ON).filter(([from, next]) => taken.has(from) && !taken.has(next[0]) && !slots.some((s) => s[0] === next[0])).map(([, next]) => next);
      const choices = [...open.map(([slot]) => slot), ...followOns];
      if (choices.length === 0) break;
      const slot = random.pick(choices);
      if (courseDef(slot[0]).ag === 'f') hadArt = true;
      slots.push(slot);
    }
    for (const slot of slots) taken.add(slot[0]);
    years.push(slots);
  }
  return years;
}

export function middleSchoolYear(ctx: DistrictContext, student: Student, grade: number): Slot[] {
  const random = new Random(ctx.seed, 0x3d1, student.number, grade);
  const year = (code: string): Slot => [code, code];
  const slots: Slot[] = [year(`10${grade}001`)];
  slots.push(grade === 8 && student.advancedMath ? pair('310101') : year(`11${grade}001`));
  slots.push(year(`12${grade}001`), year(`13${grade}001`), year(`14${grade}001`));
  slots.push(year(random.pick(grade >= 7 ? ['150001', '150101', '150201', '150301', '150401'] : ['150001', '150101', '150201', '150401'])));
  return slots;
}

const LETTERS = ['A', 'B', 'C', 'D', 'F'] as const;

/** A semester mark: ability plus the semester's luck, with pluses and minuses. */
export function semesterMark(random: Random, ability: number, course: CourseDef): string {
  if (course.passFail) return random.chance(0.05 + (1 - ability) * 0.06) ? 'NP' : 'P';
  if (random.chance(0.002)) return 'W';
  const p = ability + random.normal(0.02, 0.17) - (course.honors !== 'none' ? 0.05 : 0);
  const letter = p > 0.72 ? 0 : p > 0.5 ? 1 : p > 0.3 ? 2 : p > 0.17 ? 3 : 4;
  const base = LETTERS[letter]!;
  if (base === 'F') return 'F';
  const sign = random.next();
  return base + (sign < 0.3 ? '-' : sign < 0.7 ? '' : base === 'A' && sign > 0.95 ? '+' : base === 'A' ? '' : '+');
}

/**
 * Transcript history: every finished semester since grade 9 (and Algebra 1 taken in grade 8),
 * marks earned outside the district for the years before the student came, summer school and
 * credit recovery for D and F marks.
 */
export function addTranscript(ctx: DistrictContext, school: SchoolPlan, student: Student, path: Slot[][], random: Random, rows: Rows): number {
  const d = ctx.districtId;
  const sequence = new Map<string, number>();
  let count = 0;
  const outside = random.pick(OUTSIDE_SCHOOLS);
  const post = (schoolIndex: number | null, c: CourseDef, grade: number, year: string, term: 'S1' | 'S2' | 'SU', mark: string, source: string, repeats: string | null) => {
    const key = `${year}${term}`;
    const n = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, n);
    // A course from outside the district sometimes has no local equivalent.
    const local = source !== 'transfer' || !random.chance(0.08);
    rows.add(
      'transcript_entry', d, null, student.id, schoolIndex === null ? null : ctx.schoolIds[schoolIndex]!, local ? lookup(ctx.courseIds, c.code) : null,
      local ? c.code : `TR${c.code.slice(0, 4)}`, local ? c.title : `${c.title} (TRANSFER)`, repeats, grade, year, term, n, mark, c.credits,
      local ? c.ag : null, local ? c.honors : 'none', local && c.ucHonors, c.subject, local ? c.tags : [], c.language, source, schoolIndex === null ? outside : null,
    );
    count++;
  };
  const firstGrade = student.advancedMath ? 8 : 9;
  for (let grade = firstGrade; grade < student.grade; grade++) {
    const year = yearBefore(CURRENT_YEAR, student.grade - grade);
    const fromOutside = grade < student.enteredGrade;
    const schoolIndex = fromOutside ? null : historySchool(ctx, school, student, grade);
    const slots = grade === 8 ? [pair('310101')] : path[grade - 9]!;
    const recoveries: Array<[string, CourseDef]> = [];
    for (const term of ['S1', 'S2'] as const) {
      for (const slot of slots) {
        const c = courseDef(term === 'S1' ? slot[0] : slot[1]);
        const mark = semesterMark(random, student.ability, c);
        post(schoolIndex, c, grade, year, term, mark, fromOutside ? 'transfer' : 'historical', null);
        if (fromOutside || (mark[0] !== 'D' && mark[0] !== 'F') || grade === 8) continue;
        // D and F marks: summer school retakes the course under its own code; credit recovery
        // the next year retakes it under a recovery code that names the original.
        const r = random.next();
        if (r < (mark === 'F' ? 0.5 : 0.2)) recoveries.push(['SU', c]);
        else if (r < (mark === 'F' ? 0.92 : 0.3) && recoveryCode(c.code) && grade + 1 < student.grade) recoveries.push(['CR', c]);
      }
    }
    for (const [how, c] of recoveries) {
      if (how === 'SU') post(schoolIndex, c, grade, year, 'SU', semesterMark(random, student.ability + 0.12, c), 'summer', null);
      else post(schoolIndex, courseDef(recoveryCode(c.code)!), grade + 1, yearBefore(CURRENT_YEAR, student.grade - grade - 1), 'S1', semesterMark(random, student.ability + 0.15, c), 'historical', c.code);
    }
  }
  return count;
}

const REQUIRED_SUBJECTS = new Set(['english', 'math', 'science', 'social', 'health', 'pe', 'rotc']);

const HIGH_SCHOOL_ELECTIVES: readonly Slot[] = ELECTIVES.map(([slot]) => slot);
/** A middle school's electives open to every grade it has next year, as year courses (its alternates). */
export const MIDDLE_SCHOOL_ELECTIVES: readonly Slot[] = ['150001', '150101', '150201', '150301'].map((code) => [code, code] as const);

/** Next year's course requests: the core of the plan required, electives with alternates from `electives`. */
export function addCourseRequests(ctx: DistrictContext, student: Student, schoolIndex: number, slots: Slot[], random: Random, rows: Rows, electives = HIGH_SCHOOL_ELECTIVES): number {
  const d = ctx.districtId;
  const yearId = lookup(ctx.yearIds, '2027-28');
  const requested = new Set<string>();
  let count = 0;
  slots.forEach((slot, position) => {
    for (const code of slot[0] === slot[1] ? [slot[0]] : slot) {
      if (requested.has(code)) continue;
      requested.add(code);
      const c = courseDef(code);
      const required = REQUIRED_SUBJECTS.has(c.subject ?? '') || c.language !== null;
      const audit = c.tags.some((t) => ['gov', 'econ', 'health', 'ethnic-studies'].includes(t));
      const request = rows.add(
        'course_request', d, null, student.id, ctx.schoolIds[schoolIndex]!, yearId, lookup(ctx.courseIds, code), required, required ? 1 + Math.min(position, 3) : 5 + position,
        audit ? 'graduation-audit' : required ? 'sequence' : 'student-choice', audit ? `missing requirement ${c.tags[0]}` : null,
      );
      count++;
      if (!required) {
        const alternates = electives.map((s) => (code === slot[0] ? s[0] : s[1])).filter((a) => a !== code && !slots.some((s) => s[0] === a || s[1] === a));
        const n = random.int(1, 2);
        for (let p = 0; p < n && alternates.length > 0; p++) {
          const alternate = alternates.splice(random.int(0, alternates.length - 1), 1)[0]!;
          rows.add('course_request_alternate', d, request, lookup(ctx.courseIds, alternate), p + 1);
          count++;
        }
      }
    }
  });
  return count;
}
