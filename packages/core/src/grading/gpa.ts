// The GPA engine: applies a rule set to a transcript and explains every figure, mark by mark.
import { GPA_FORMAT, type GpaDocument, type Mark, type MarkExplanation, type Transcript } from '../formats/transcript.ts';
import { buildCourseModel, termLabel, type CourseModel } from './course-model.ts';
import { creditFigures, creditTotals } from './earned-credits.ts';
import type { GpaDefinition, GpaRuleSet, GpaTally } from './gpa-rule-set.ts';
import { applyRepeatRule, RepeatStatus } from './repeat-rule.ts';

const { NotConsidered, Kept, Replaced, AlreadyPassed } = RepeatStatus;

export interface GpaResult {
  tally: GpaTally;
  /** One sentence per mark, in the order of `marks`. */
  sentences: string[];
}

/** Computes the `homeroom.gpa/v1` document of a transcript under a rule set. */
export function computeGpa(transcript: Transcript, ruleSet: GpaRuleSet, model: CourseModel = buildCourseModel(transcript)): GpaDocument {
  const results = ruleSet.gpas.map((gpa) => evaluateGpa(model, gpa));
  const document: Record<string, unknown> = { format: GPA_FORMAT, student: transcript.student.id };
  ruleSet.gpas.forEach((gpa, g) => (document[gpa.id] = gpa.report(results[g]!.tally)));
  document.credits = creditFigures(creditTotals(model));
  const explanation: MarkExplanation[] = new Array(transcript.marks.length);
  for (let i = 0; i < transcript.marks.length; i++) {
    const mark = transcript.marks[i]!;
    const line: MarkExplanation = { course: mark.course, term: termLabel(mark), mark: mark.mark };
    for (let g = 0; g < ruleSet.gpas.length; g++) line[ruleSet.gpas[g]!.id] = results[g]!.sentences[i]!;
    explanation[i] = line;
  }
  document.explanation = explanation;
  return document as GpaDocument;
}

/** One GPA of a rule set, with its exact tally and the sentence for each mark. */
export function evaluateGpa(model: CourseModel, gpa: GpaDefinition): GpaResult {
  const { markCount, entries, points, chronological } = model;
  const student = model.transcript.student;
  const sentences: string[] = new Array(markCount);
  const attemptPoints = new Int8Array(entries.length).fill(-1);
  const gradeOf = new Int8Array(markCount);
  for (let i = 0; i < markCount; i++) {
    const mark = entries[i] as Mark;
    const p = points[i]!;
    if (p < 0) {
      sentences[i] = `excluded: ${mark.mark} is not a letter mark`;
      continue;
    }
    const grade = gpa.window(mark, student);
    if (typeof grade === 'string') {
      sentences[i] = `excluded: ${grade}`;
      continue;
    }
    gradeOf[i] = grade;
    attemptPoints[i] = p;
  }

  const outcome = applyRepeatRule(model, attemptPoints);
  const honorsByGrade = new Map<number, number>();
  // Honors points taken into the capped bonus so far, by grade and in all, in chronological
  // order, so that the explanation can say which marks' points the cap left out.
  const cappedByGrade = new Map<number, number>();
  let cappedTotal = 0;
  let tallyPoints = 0;
  let count = 0;
  let bonusUncapped = 0;
  for (let k = 0; k < chronological.length; k++) {
    const i = chronological[k]!;
    if (i >= markCount) continue;
    const status = outcome.status[i]!;
    if (status === NotConsidered) continue;
    if (status !== Kept) {
      sentences[i] = exclusionSentence(model, status, outcome.ref[i]!);
      continue;
    }
    const mark = entries[i] as Mark;
    const p = points[i]!;
    const grade = gradeOf[i]!;
    const repeated = gpa.timesCounted?.(mark) ?? null;
    const times = repeated ? repeated.times : 1;
    count += times;
    tallyPoints += times * p;
    let sentence = times === 1 ? `counted: ${p} points` : `counted ${timesWord(times)} (${repeated!.because}): ${times} x ${p} points`;
    const honors = gpa.honorsPoint(mark, p, student);
    if (honors === true) {
      honorsByGrade.set(grade, (honorsByGrade.get(grade) ?? 0) + times);
      bonusUncapped += times;
      sentence += ` + ${times} honors${gpa.showHonorsGrade ? ` (grade ${grade})` : ''}`;
      if (gpa.cap) {
        let left = 0;
        let reason = '';
        for (let t = 0; t < times; t++) {
          const gradeCap = gpa.cap.perGrade[grade];
          const used = cappedByGrade.get(grade) ?? 0;
          if (gradeCap !== undefined && used >= gradeCap) {
            left++;
            reason = `at most ${gradeCap} from grade ${grade}`;
          } else if (cappedTotal >= gpa.cap.total) {
            left++;
            reason = `at most ${gpa.cap.total} in all`;
          } else {
            cappedByGrade.set(grade, used + 1);
            cappedTotal++;
          }
        }
        if (left > 0) sentence += `; honors point capped (${reason}): ${left === times ? 'not' : `${left} not`} in the capped bonus`;
      }
    } else if (typeof honors === 'string') {
      sentence += ` (no honors point: ${honors})`;
    }
    sentences[i] = sentence;
  }
  const bonusCapped = gpa.cap ? cappedTotal : bonusUncapped;
  return { tally: { points: tallyPoints, count, honorsByGrade, bonusUncapped, bonusCapped }, sentences };
}

function exclusionSentence(model: CourseModel, status: number, ref: number): string {
  if (status === Replaced) return `excluded: replaced by the repeat in ${termLabel(model.entries[ref]!)}`;
  if (status === AlreadyPassed) {
    const first = model.entries[ref] as Mark;
    return `excluded: repeat of a course already passed with C or better (${first.mark} in ${termLabel(first)})`;
  }
  return 'excluded: a later attempt after the first repeat';
}

function timesWord(times: number): string {
  return times === 2 ? 'twice' : `${times} times`;
}
