// The student scheduler as the judge of a large-neighbourhood search over the master schedule,
// cheaply enough to judge many neighbourhoods: when the sections of a few courses move, only the
// students who ask for those courses (or are fixed in a moved section) can be affected. They are
// sectioned again by the same student scheduler, in the seats the other students leave (each
// section's capacity less the other students' places in it, as the incumbent sectioning has them);
// everyone else keeps their schedule, which the move cannot have broken (none of their sections moved).
import type { MasterScheduleOutput } from '../formats/master.ts';
import type { SectioningResult } from '../formats/sectioning.ts';
import { scheduleStudents } from './sectioning-engine.ts';
import { scoreSectioning } from './sectioning-score.ts';

export interface StudentFigures {
  requiredMet: number;
  studentsComplete: number;
  score: number;
}

/** Required requests first, then complete schedules, then the score: the order. */
export function figuresBetter(a: StudentFigures, b: StudentFigures): boolean {
  if (a.requiredMet !== b.requiredMet) return a.requiredMet > b.requiredMet;
  if (a.studentsComplete !== b.studentsComplete) return a.studentsComplete > b.studentsComplete;
  return a.score > b.score + 1e-9;
}

export interface NeighbourhoodTrial {
  /** The affected students' figures before (under the incumbent) and after. */
  before: StudentFigures;
  after: StudentFigures;
  students: number;
  better: boolean;
  /** Makes the trial the incumbent. */
  accept(): void;
}

export class IncrementalJudge {
  /** Student id → the sections they hold (assigned and fixed). */
  private holdings = new Map<string, string[]>();
  figures: StudentFigures;

  constructor(
    private instance: MasterScheduleOutput,
    result: SectioningResult,
    private readonly options: { seed: number; now?: () => number },
  ) {
    for (const student of instance.students) this.holdings.set(String(student.id), (student.fixed ?? []).map(String));
    for (const a of result.assignments) {
      const held = this.holdings.get(a.student)!;
      if (!held.includes(a.section)) held.push(a.section);
    }
    const score = scoreSectioning(instance, result);
    this.figures = { requiredMet: score.requiredMet, studentsComplete: score.studentsComplete, score: score.score };
  }

  /** Sections again the students a move of `movedCourses` (and `movedSections`) can affect, on `trial`. */
  trial(trial: MasterScheduleOutput, movedCourses: ReadonlySet<string>, movedSections: ReadonlySet<string>, timeLimitSeconds = 0.3): NeighbourhoodTrial {
    // A student whose sections did not move keeps a schedule the move cannot have broken, and one
    // whose requests are all met cannot gain: only the holders of a moved section, and the students
    // left incomplete who ask for a moved course, are sectioned again. Judging the 600 students
    // who ask for English 9 when one of its sections moves let the search judge 62 neighbourhoods
    // in 90 s on a 2,500-student school; the holders and the incomplete are a few dozen.
    const incomplete = this.incompleteIds();
    const affected = trial.students.filter((student) => {
      const id = String(student.id);
      if ((student.fixed ?? []).some((section) => movedSections.has(String(section)))) return true;
      if (this.holdings.get(id)!.some((section) => movedSections.has(section))) return true;
      return incomplete.has(id) && (student.requests ?? []).some((r) => movedCourses.has(String(r.course)) || (r.alternates ?? []).some((a) => movedCourses.has(String(a))));
    });
    const affectedIds = new Set(affected.map((s) => String(s.id)));
    // Seats the other students hold stay theirs.
    const taken = new Map<string, number>();
    for (const [student, held] of this.holdings) {
      if (affectedIds.has(student)) continue;
      for (const section of held) taken.set(section, (taken.get(section) ?? 0) + 1);
    }
    const seatsLeft = (sections: MasterScheduleOutput['sections']) => sections.map((section) => ({ ...section, capacity: Math.max(0, section.capacity - (taken.get(section.id) ?? 0)) }));
    const beforeInstance = { ...this.instance, sections: seatsLeft(this.instance.sections), students: affected };
    const beforeResult: SectioningResult = {
      format: 'homeroom.sectioning-result/v1',
      assignments: affected.flatMap((student) => {
        const fixed = new Set((student.fixed ?? []).map(String));
        return this.holdings.get(String(student.id))!.filter((section) => !fixed.has(section)).map((section) => ({ student: String(student.id), section }));
      }),
      unmet: [],
      stats: { seconds: 0 },
    };
    const beforeScore = scoreSectioning(beforeInstance, beforeResult);
    const afterInstance = { ...trial, sections: seatsLeft(trial.sections), students: affected };
    // With a clock, a short limit: without one the scheduler runs to its own patience, a few times
    // slower, and the search judged a tenth as many neighbourhoods (1,108 complete of 1,200 instead of 1,182).
    const afterResult = scheduleStudents(afterInstance, { seed: this.options.seed, timeLimitSeconds, ...(this.options.now ? { now: this.options.now } : {}) });
    const afterScore = scoreSectioning(afterInstance, afterResult);
    const before = { requiredMet: beforeScore.requiredMet, studentsComplete: beforeScore.studentsComplete, score: beforeScore.score };
    const after = { requiredMet: afterScore.requiredMet, studentsComplete: afterScore.studentsComplete, score: afterScore.score };
    return {
      before,
      after,
      students: affected.length,
      better: figuresBetter(after, before),
      accept: () => {
        for (const student of affected) this.holdings.set(String(student.id), (student.fixed ?? []).map(String));
        for (const a of afterResult.assignments) {
          const held = this.holdings.get(a.student)!;
          if (!held.includes(a.section)) held.push(a.section);
        }
        this.instance = trial;
        this.incomplete = null;
        this.figures = {
          requiredMet: this.figures.requiredMet - before.requiredMet + after.requiredMet,
          studentsComplete: this.figures.studentsComplete - before.studentsComplete + after.studentsComplete,
          score: this.figures.score - before.score + after.score,
        };
      },
    };
  }

  private incomplete: Set<string> | null = null;

  /** Students with a request the incumbent sectioning leaves unmet. */
  incompleteIds(): Set<string> {
    if (this.incomplete) return this.incomplete;
    const courseOf = new Map(this.instance.sections.map((s) => [s.id, s.course]));
    this.incomplete = new Set();
    for (const student of this.instance.students) {
      const courses = new Set(this.holdings.get(String(student.id))!.map((id) => courseOf.get(id)));
      if ((student.requests ?? []).some((r) => !courses.has(String(r.course)) && !(r.alternates ?? []).some((a) => courses.has(String(a))))) this.incomplete.add(String(student.id));
    }
    return this.incomplete;
  }

  /** The sections a student holds in the incumbent sectioning (assigned and fixed). */
  held(student: string): readonly string[] {
    return this.holdings.get(student) ?? [];
  }

  /** Per course id: requests the incumbent sectioning leaves unmet (first choice or an alternate counts as met). */
  unmetByCourse(): Map<string, number> {
    const unmet = new Map<string, number>();
    const courseOf = new Map(this.instance.sections.map((s) => [s.id, s.course]));
    for (const student of this.instance.students) {
      const courses = new Set(this.holdings.get(String(student.id))!.map((id) => courseOf.get(id)));
      for (const r of student.requests ?? []) {
        if (courses.has(String(r.course)) || (r.alternates ?? []).some((a) => courses.has(String(a)))) continue;
        unmet.set(String(r.course), (unmet.get(String(r.course)) ?? 0) + 1);
      }
    }
    return unmet;
  }
}
