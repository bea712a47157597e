// Realistic, never real, high-school transcripts from a seed: four years of A-G and other
// courses, honors and AP, D and F marks with summer and credit-recovery repeats, P/NP, CR, I/W.
// The same seed gives the same transcripts on every machine, so benchmarks and property tests
// are repeatable.
import { seededRandom } from '../random.ts';
import type { AgArea, HonorsKind, Mark, MarkValue, InProgressCourse, Subject, Term, Transcript } from '../formats/transcript.ts';

export interface SyntheticOptions {
  /** First student id (ids are consecutive). */
  firstId?: number;
  /** The graduating class of a grade-12 student; younger students graduate later. */
  seniorCohort?: number;
  /** Share of nonresident students (UC rule). */
  nonresidentShare?: number;
}

export function generateTranscripts(count: number, seed: number, options: SyntheticOptions = {}): Transcript[] {
  const random = seededRandom(seed);
  const transcripts: Transcript[] = new Array(count);
  for (let n = 0; n < count; n++) transcripts[n] = syntheticTranscript(random, (options.firstId ?? 100000) + n, options);
  return transcripts;
}

interface CourseSlot {
  code: string;
  title: string;
  ag: AgArea | null;
  subject: Subject | null;
  tags: string[];
  language: string | null;
  honors: HonorsKind;
  ucHonors: boolean;
  /** Graded P/NP rather than with a letter. */
  passFail: boolean;
  credits: number;
}

const LETTERS: MarkValue[] = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];

export function syntheticTranscript(random: () => number, id: number, options: SyntheticOptions = {}): Transcript {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const gradeLevel = 9 + Math.floor(random() * 4);
  const seniorCohort = options.seniorCohort ?? 2027;
  const cohort = seniorCohort + (12 - gradeLevel);
  // A student's typical mark: 0 strong … 1 struggling.
  const struggle = random() ** 1.6;
  const language = pick(['spanish', 'french', 'korean', 'mandarin']);
  const marks: Mark[] = [];
  const inProgress: InProgressCourse[] = [];
  const failed: { slot: CourseSlot; gradeLevel: number; schoolYear: string; mark: MarkValue }[] = [];
  const recoveryCodes = new Map<string, number>();

  const letter = (honors: boolean): MarkValue => {
    const r = random() * 0.8 + struggle * 0.55 - (honors ? 0.05 : 0);
    const index = Math.max(0, Math.min(LETTERS.length - 1, Math.floor(r * r * LETTERS.length * 1.05)));
    return LETTERS[index]!;
  };

  for (let grade = 9; grade <= gradeLevel; grade++) {
    const start = cohort - 1 - (12 - grade);
    const schoolYear = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
    const slots = yearSlots(grade, language, struggle, random);
    for (const term of ['S1', 'S2'] as const) {
      const current = grade === gradeLevel && term === 'S2';
      for (const slot of slots) {
        const code = `${slot.code}${term === 'S1' ? '01' : '02'}`;
        const entry = { ...slot, code };
        if (current) {
          inProgress.push(toEntry(entry, grade, schoolYear, term));
          continue;
        }
        let mark: MarkValue = slot.passFail ? (random() < 0.93 ? 'P' : 'NP') : letter(slot.honors !== 'none');
        const odd = random();
        if (odd < 0.006) mark = 'W';
        else if (odd < 0.01) mark = 'I';
        marks.push({ ...toEntry(entry, grade, schoolYear, term), mark });
        if (mark === 'D' || mark === 'D-' || mark === 'D+' || mark === 'F') failed.push({ slot: entry, gradeLevel: grade, schoolYear, mark });
      }
    }
    // Repeats of this year's D and F marks: summer school under the same code, or credit
    // recovery (a new code that `repeats` the original) the next year; not always.
    if (grade < gradeLevel) {
      for (const f of failed.splice(0)) {
        const r = random();
        if (r < 0.45) {
          marks.push({ ...toEntry(f.slot, grade, schoolYear, 'SU'), mark: letter(false) });
        } else if (r < 0.7) {
          const nextStart = start + 1;
          const nextYear = `${nextStart}-${String((nextStart + 1) % 100).padStart(2, '0')}`;
          const n = (recoveryCodes.get(f.slot.code) ?? 0) + 1;
          recoveryCodes.set(f.slot.code, n);
          const recovery: CourseSlot = { ...f.slot, code: `8${f.slot.code.slice(1)}${n > 1 ? `R${n}` : ''}`, honors: 'none', ucHonors: false };
          const recoveryMark: MarkValue = random() < 0.3 ? 'CR' : letter(false);
          marks.push({ ...toEntry(recovery, grade + 1, nextYear, 'S1'), repeats: f.slot.code, mark: recoveryMark });
        }
      }
    }
    // Some students take an extra summer course for credit (health, an A-G elective).
    if (grade < gradeLevel && random() < 0.15) {
      const summer: CourseSlot = { code: `59${grade}1${grade}1`, title: 'SUMMER ELECTIVE', ag: random() < 0.5 ? 'g' : null, subject: 'elective', tags: [], language: null, honors: 'none', ucHonors: false, passFail: false, credits: random() < 0.3 ? 2.5 : 5 };
      marks.push({ ...toEntry(summer, grade, schoolYear, 'SU'), mark: letter(false) });
    }
  }
  const residency = random() < (options.nonresidentShare ?? 0.04) ? 'nonresident' : 'resident';
  return { student: { id: String(id), gradeLevel, residency, cohort }, marks, inProgress };
}

function toEntry(slot: CourseSlot, gradeLevel: number, schoolYear: string, term: Term): InProgressCourse {
  return {
    course: slot.code,
    repeats: null,
    title: slot.title,
    gradeLevel,
    schoolYear,
    term,
    credits: slot.credits,
    ag: slot.ag,
    honors: slot.honors,
    ucHonors: slot.ucHonors,
    subject: slot.subject,
    tags: slot.tags,
    language: slot.language,
  };
}

/** The six or seven courses of a year; the semester suffix (01, 02) is added per term. */
function yearSlots(grade: number, language: string, struggle: number, random: () => number): CourseSlot[] {
  const level = grade - 8;
  const advanced = (): HonorsKind => {
    if (grade < 10 || random() > 0.55 - struggle * 0.5) return 'none';
    const r = random();
    return r < 0.45 ? 'honors' : r < 0.85 ? 'ap' : r < 0.93 ? 'ib' : 'college';
  };
  const slot = (code: string, title: string, ag: AgArea | null, subject: Subject | null, tags: string[] = [], honors: HonorsKind = 'none'): CourseSlot => ({
    code: honors === 'none' ? code : `${code}${honors.charAt(0).toUpperCase()}`,
    title: honors === 'none' ? title : `${title} ${honors.toUpperCase()}`,
    ag,
    subject,
    tags,
    language: null,
    honors,
    ucHonors: honors === 'ap' || honors === 'ib' || honors === 'college' || (honors === 'honors' && random() < 0.7),
    passFail: false,
    credits: 5,
  });
  const slots: CourseSlot[] = [
    slot(`230${level}`, `ENGLISH ${grade}`, 'b', 'english', [], advanced()),
    slot(`310${level}`, ['ALGEBRA 1', 'GEOMETRY', 'ALGEBRA 2', 'PRECALCULUS'][level - 1]!, 'c', 'math', [], advanced()),
  ];
  if (grade <= 11) slots.push(slot(`360${level}`, ['BIOLOGY', 'CHEMISTRY', 'PHYSICS'][level - 1]!, 'd', 'science', [grade === 9 ? 'biological' : 'physical'], advanced()));
  else slots.push(slot('3605', 'ENVIRONMENTAL SCIENCE', random() < 0.5 ? 'd' : 'g', 'science'));
  if (grade === 9) slots.push(slot('3709', 'ETHNIC STUDIES', 'a', 'social', ['ethnic-studies']));
  else if (grade === 10) slots.push(slot('3701', 'WORLD HISTORY', 'a', 'social', ['world-history'], advanced()));
  else if (grade === 11) slots.push(slot('3702', 'US HISTORY', 'a', 'social', ['us-history'], advanced()));
  else slots.push(slot('3703', 'GOVERNMENT / ECONOMICS', 'g', 'social', ['gov', 'econ']));
  if (grade <= 11) {
    const l = slot(`35${language.length}${level}`, `${language.toUpperCase()} ${level}`, 'e', 'language');
    l.language = language;
    slots.push(l);
  } else {
    slots.push(slot('2612', 'CONCERT BAND', 'f', 'arts'));
  }
  if (grade <= 10) slots.push(slot(`400${level}`, `PHYSICAL EDUCATION ${level}`, null, 'pe'));
  else slots.push(slot(`261${level}`, `ART ${level}`, 'f', 'arts'));
  if (grade === 9) slots.push(slot('4401', 'HEALTH', null, 'health', ['health']));
  else if (random() < 0.5) {
    const ta = slot(`550${level}`, 'TEACHER ASSISTANT', null, 'elective');
    ta.passFail = true;
    slots.push(ta);
  } else {
    slots.push(slot(`510${level}`, `YEARBOOK ${level}`, random() < 0.4 ? 'g' : null, 'elective'));
  }
  return slots;
}
