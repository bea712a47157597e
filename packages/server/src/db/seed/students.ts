import { CURRENT_YEAR, type SchoolYearPlan } from './calendar.ts';
import { lookup, type DistrictContext } from './context.ts';
import { FEMALE_NAMES, MALE_NAMES, MIDDLE_INITIAL_NAMES, NEUTRAL_NAMES, SURNAMES_HISPANIC, SURNAMES_OTHER } from './names.ts';
import type { SchoolPlan } from './plan.ts';
import type { Random } from './random.ts';
import type { Rows } from './writer.ts';

/** A student as the rest of the school's generator needs to know them. */
export interface Student {
  id: number; // local to the school's rows
  number: number; // position in the district numbering
  grade: number;
  firstName: string;
  lastName: string;
  /** 0..1: how well the student does in school; drives marks, honors and the math track. */
  ability: number;
  honors: boolean;
  advancedMath: boolean;
  language: 'spanish' | 'french' | null;
  jrotc: boolean;
  iep: boolean;
  el: boolean;
  /** The grade in which the student entered the district (earlier grades are elsewhere). */
  enteredGrade: number;
  /** First day at this school this year (later than the first day for a transfer). */
  entryDate: string;
  /** The school this student transferred from this year, if any. */
  transferredFrom: number | null;
  guardians: Array<{ id: number; restricted: boolean }>;
}

const RACE_GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['hispanic', 73.4], ['white', 10.1], ['black', 7.6], ['asian', 3.8], ['filipino', 2.0], ['multiple', 2.4], ['pacific-islander', 0.4], ['american-indian', 0.2], ['none', 0.1],
];
const OTHER_LANGUAGES: Record<string, string[]> = {
  asian: ['korean', 'mandarin', 'cantonese', 'vietnamese', 'japanese'],
  filipino: ['tagalog'],
  white: ['armenian', 'russian', 'farsi', 'hebrew'],
  black: ['amharic', 'somali'],
};

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function districtNumberToStateId(n: number): string {
  // A bijection of the district numbering onto 10-digit SSIDs, so they look scattered but never
  // collide.
  return String(1_000_000_000 + ((n * 48_271 + 7_919) % 999_999_937));
}

export function generateStudents(ctx: DistrictContext, school: SchoolPlan, random: Random, rows: Rows): Student[] {
  const d = ctx.districtId;
  const students: Student[] = [];
  const current = ctx.calendar.find((y) => y.name === CURRENT_YEAR)!;
  const transferSources = ctx.sameKind.get(school.kind)!.filter((s) => s.index !== school.index);
  let number = school.firstStudent;
  for (let g = 0; g < school.gradeSizes.length; g++) {
    const grade = school.lowGrade + g;
    for (let k = 0; k < school.gradeSizes[g]!; k++, number++) {
      const group = random.weighted(RACE_GROUPS);
      const hispanic = group === 'hispanic';
      const gender = random.weighted([['F', 49], ['M', 50], ['X', 1]] as const);
      const firstName = gender === 'F' ? random.pick(FEMALE_NAMES) : gender === 'M' ? random.pick(MALE_NAMES) : random.pick(NEUTRAL_NAMES);
      const lastName = hispanic || (group === 'multiple' && random.chance(0.5)) ? random.pick(SURNAMES_HISPANIC) : random.pick(SURNAMES_OTHER);
      const races = hispanic
        ? random.weighted<string[]>([[['white'], 55], [[], 35], [['american-indian'], 6], [['black'], 4]])
        : group === 'multiple'
          ? random.pick([['white', 'black'], ['white', 'asian'], ['black', 'american-indian']])
          : group === 'none' ? [] : [group];
      const otherLanguages = OTHER_LANGUAGES[group];
      const homeLanguage = hispanic
        ? random.chance(0.56) ? 'spanish' : 'english'
        : otherLanguages && random.chance(group === 'white' ? 0.15 : 0.5) ? random.pick(otherLanguages) : 'english';
      // English learners are more common in the early grades; most are reclassified by high school.
      const elStatus = homeLanguage === 'english'
        ? 'EO'
        : grade <= 0 && random.chance(0.1)
          ? 'TBD'
          : random.weighted([['EL', grade <= 5 ? 62 : 34], ['RFEP', grade <= 5 ? 18 : 50], ['IFEP', 16]] as const);
      const ability = Math.min(1, Math.max(0, random.normal(0.58, 0.2) - (elStatus === 'EL' ? 0.06 : 0)));
      const iep = random.chance(0.13);
      const retained = random.chance(0.03);
      // Kindergarten at 5 by September 1; transitional kindergarten a year younger.
      const born = Date.UTC(CURRENT_YEAR_START - 6 - grade - (retained ? 1 : 0), 8, 2) + random.int(0, 364) * DAY;
      const language = random.weighted([['spanish', 68], ['french', 22], [null, 10]] as const);
      // A third of kindergartners had a year of TK; one student in ten came to the district later.
      const startedIn = random.chance(0.35) ? -1 : 0;
      const enteredGrade = grade <= startedIn ? grade : grade < 1 || random.chance(0.9) ? startedIn : random.int(Math.max(1, grade - 3), grade);
      const transferredFrom = transferSources.length > 0 && grade >= 0 && random.chance(0.02) ? random.pick(transferSources).index : null;
      // Transfers arrive during the fall; a few students new to the district start late.
      const entryDate = transferredFrom !== null
        ? random.pick(current.days.filter((x) => x.instructional && x.day >= '2026-09-14' && x.day <= '2026-11-06')).day
        : enteredGrade === grade && grade >= 1 && random.chance(0.2) ? '2026-09-08' : current.start;
      const localId = String(1_100_000 + number * 7 + (number % 7));
      const middle = random.chance(0.4) ? random.pick(MIDDLE_INITIAL_NAMES) : null;
      const id = rows.add(
        'student', d, null, localId, districtNumberToStateId(number), firstName, middle, lastName,
        random.chance(0.03) ? random.pick(NEUTRAL_NAMES) : null,
        isoDay(born), gender, hispanic, races, homeLanguage, elStatus, iep,
        !iep && random.chance(0.035), random.chance(0.008), random.chance(0.03), grade >= 2 && random.chance(ability > 0.75 ? 0.35 : 0.03),
        random.chance(0.8), random.chance(0.02), random.chance(0.005) ? 'nonresident' : 'resident', 2039 - grade,
      );
      const student: Student = {
        id, number, grade, firstName, lastName, ability, honors: ability > 0.74, advancedMath: ability > 0.8, language, jrotc: random.chance(0.05),
        iep, el: elStatus === 'EL', enteredGrade, entryDate, transferredFrom, guardians: [],
      };
      addGuardians(ctx, student, homeLanguage, random, rows);
      addEnrollments(ctx, school, student, rows);
      students.push(student);
    }
  }
  return students;
}

const CURRENT_YEAR_START = Number(CURRENT_YEAR.slice(0, 4));

function addGuardians(ctx: DistrictContext, student: Student, language: string, random: Random, rows: Rows): void {
  const d = ctx.districtId;
  const two = random.chance(0.65);
  const foster = random.chance(0.008);
  const first = random.chance(0.5) ? 'mother' : 'father';
  const relationships = foster ? ['foster parent'] : random.chance(0.05) ? ['grandparent'] : two ? [first, first === 'mother' ? 'father' : 'mother'] : [first];
  relationships.forEach((relationship, order) => {
    const female = relationship === 'mother' || (relationship !== 'father' && random.chance(0.6));
    const firstName = random.pick(female ? FEMALE_NAMES : MALE_NAMES);
    const lastName = relationship === 'foster parent' || random.chance(0.2) ? random.pick(random.chance(0.7) ? SURNAMES_HISPANIC : SURNAMES_OTHER) : student.lastName;
    const guardian = rows.add(
      'guardian', d, null, firstName, lastName,
      random.chance(0.75) ? `${firstName}.${lastName}${student.number % 1000}@mail.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, '') : null,
      `(${random.pick(['213', '323', '310', '818', '562', '747'])}) 555-0${String(100 + (student.number * 7 + order) % 100)}`,
      language,
    );
    // The second parent of a separated family: some live elsewhere, a few have no custody, and a
    // court order keeps a very few from the record altogether.
    const apart = order === 1 && random.chance(0.18);
    const restricted = apart && random.chance(0.08);
    const custody = !restricted && !(apart && random.chance(0.15));
    rows.add('student_guardian', d, student.id, guardian, relationship, !apart, custody, custody, restricted, !restricted, order + 1);
    student.guardians.push({ id: guardian, restricted });
  });
}

/** Enrollment this year (two rows for a transfer) and in each earlier year the student was here. */
function addEnrollments(ctx: DistrictContext, school: SchoolPlan, student: Student, rows: Rows): void {
  const d = ctx.districtId;
  const years = ctx.calendar.filter((y) => y.name <= CURRENT_YEAR);
  let previousSchool: number | null = null;
  for (let back = years.length - 1; back >= 0; back--) {
    const year = years[years.length - 1 - back]!;
    const grade = student.grade - back;
    if (grade < -1 || grade < student.enteredGrade) continue;
    const schoolIndex = back === 0 ? school.index : historySchool(ctx, school, student, grade);
    const yearId = lookup(ctx.yearIds, year.name);
    const first = previousSchool === null;
    const entryCode = first ? 'E1' : previousSchool === schoolIndex ? 'E3' : 'E2';
    if (back === 0 && student.transferredFrom !== null) {
      const leaveDay = dayBefore(year, student.entryDate);
      rows.add('enrollment', d, null, student.id, ctx.schoolIds[student.transferredFrom]!, yearId, grade, year.start, entryCode, leaveDay, 'T160', true);
      rows.add('enrollment', d, null, student.id, ctx.schoolIds[schoolIndex]!, yearId, grade, student.entryDate, 'E2', null, null, true);
    } else {
      rows.add('enrollment', d, null, student.id, ctx.schoolIds[schoolIndex]!, yearId, grade, back === 0 ? student.entryDate : year.start, entryCode, back === 0 ? null : year.end, back === 0 ? null : 'E230', true);
    }
    previousSchool = schoolIndex;
  }
}

function dayBefore(year: SchoolYearPlan, day: string): string {
  let last = year.start;
  for (const x of year.days) {
    if (x.day >= day) break;
    if (x.instructional) last = x.day;
  }
  return last;
}

/** Where a student was in an earlier grade: this school, or the school that feeds it. */
export function historySchool(ctx: DistrictContext, school: SchoolPlan, student: Student, grade: number): number {
  let at = school;
  while (grade < at.lowGrade) {
    let feeders = ctx.feeders.get(at.index) ?? [];
    if (feeders.length === 0) feeders = ctx.sameKind.get(at.kind === 'high' ? 'middle' : 'elementary') ?? [];
    if (feeders.length === 0) return at.index;
    at = feeders[student.number % feeders.length]!;
  }
  return student.transferredFrom !== null && at.index === school.index ? student.transferredFrom : at.index;
}

