// Reconciliation: the old system's figures against Homeroom's, student by student, before a
// district switches. Homeroom's figures come from the same engine as `homeroom gpa` (rule set
// ca-2026), computed from the very marks the import stores, so a mismatch here is a mismatch the
// district would see after switching.
import { toCreditUnits } from '../../grading/credits.ts';
import { computeGpa } from '../../grading/gpa.ts';
import { DEFAULT_GPA_RULE_SET, gpaRuleSets } from '../../grading/rule-sets.ts';
import type { Transcript } from '../transcript.ts';
import { LEGACY_FIGURES, type LegacyFigure, type PackageRow } from './district-package.ts';

export interface ReconciliationMismatch {
  student: string;
  figure: LegacyFigure;
  legacy: string;
  homeroom: string;
}

export interface Reconciliation {
  students: number;
  figures: Record<LegacyFigure, { compared: number; mismatches: number }>;
  mismatches: ReconciliationMismatch[];
}

/** An exact GPA: numerator over count; null when nothing counts. */
interface ExactFigure {
  numerator: bigint;
  denominator: bigint;
}

interface TallyLike { points: number; count: number; bonusCapped?: number; bonus?: number }

/** Homeroom's five figures of one transcript, exactly. */
export function homeroomFigures(transcript: Transcript): Record<LegacyFigure, ExactFigure | null> {
  const doc = computeGpa(transcript, gpaRuleSets.get(DEFAULT_GPA_RULE_SET)) as unknown as {
    uc: TallyLike; csu: TallyLike; district: TallyLike; credits: { earned: number };
  };
  const gpa = (count: number, numerator: number): ExactFigure | null => (count === 0 ? null : { numerator: BigInt(numerator), denominator: BigInt(count) });
  return {
    ucGpa: gpa(doc.uc.count, doc.uc.points + (doc.uc.bonusCapped ?? 0)),
    csuGpa: gpa(doc.csu.count, doc.csu.points + (doc.csu.bonus ?? 0)),
    districtGpa: gpa(doc.district.count, doc.district.points + (doc.district.bonus ?? 0)),
    districtUnweightedGpa: gpa(doc.district.count, doc.district.points),
    creditsEarned: { numerator: BigInt(toCreditUnits(doc.credits.earned)), denominator: 1_000_000n },
  };
}

/** `3.4166…` rounded half up to `decimals` places, written with exactly that many decimals. */
export function roundHalfUp(value: ExactFigure, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  // floor((n·scale)/d + 1/2) = floor((2·n·scale + d) / (2d)) for non-negative figures.
  const scaled = (2n * value.numerator * scale + value.denominator) / (2n * value.denominator);
  const whole = scaled / scale;
  const fraction = scaled % scale;
  return decimals === 0 ? `${whole}` : `${whole}.${fraction.toString().padStart(decimals, '0')}`;
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A decimal written exactly, as a fraction over a power of ten. */
function exactDecimal(text: string): ExactFigure {
  const d = decimalsOf(text);
  return { numerator: BigInt(text.replace('.', '')), denominator: 10n ** BigInt(d) };
}

function sameValue(a: ExactFigure, b: ExactFigure): boolean {
  return a.numerator * b.denominator === b.numerator * a.denominator;
}

/** Compares every legacy figure of every student who has both a transcript and a figures row. */
export function reconcile(transcripts: ReadonlyMap<string, Transcript>, legacyFigures: readonly PackageRow[]): Reconciliation {
  const reconciler = new Reconciler();
  for (const row of legacyFigures) {
    const transcript = transcripts.get(row.values.studentSourcedId!);
    if (transcript) reconciler.add(row.values.studentSourcedId!, transcript, row.values as Record<LegacyFigure, string>);
  }
  return reconciler.result();
}

/**
 * The reconciliation a student at a time, as an import reads its transcripts line by line: what it
 * keeps is the counts and the mismatches, never the transcripts.
 */
export class Reconciler {
  private readonly figures = Object.fromEntries(LEGACY_FIGURES.map((f) => [f, { compared: 0, mismatches: 0 }])) as Reconciliation['figures'];
  private readonly mismatches: ReconciliationMismatch[] = [];
  private students = 0;

  /** One student's transcript against their legacy figures (blank: not compared). */
  add(student: string, transcript: Transcript, legacyFigures: Readonly<Record<LegacyFigure, string>>): void {
    this.students++;
    const ours = homeroomFigures(transcript);
    for (const figure of LEGACY_FIGURES) {
      const legacy = legacyFigures[figure] ?? '';
      if (legacy === '') continue;
      this.figures[figure].compared++;
      const mine = ours[figure];
      let homeroom: string;
      let match: boolean;
      if (figure === 'creditsEarned') {
        homeroom = roundHalfUp(mine!, decimalsOf(legacy));
        match = sameValue(mine!, exactDecimal(legacy));
      } else if (mine === null) {
        homeroom = '';
        match = false;
      } else {
        homeroom = roundHalfUp(mine, decimalsOf(legacy));
        match = homeroom === normalise(legacy);
      }
      if (!match) {
        this.figures[figure].mismatches++;
        this.mismatches.push({ student, figure, legacy, homeroom });
      }
    }
  }

  /** Mismatches in student order (a stable sort: each student's keep the figures' order). */
  result(): Reconciliation {
    const mismatches = [...this.mismatches].sort((a, b) => compareIds(a.student, b.student));
    return { students: this.students, figures: structuredClone(this.figures), mismatches };
  }
}

/** `03.40` and `3.40` are the same figure; the legacy writing keeps its decimals. */
function normalise(text: string): string {
  const [whole, fraction] = text.split('.');
  const w = BigInt(whole!).toString();
  return fraction === undefined ? w : `${w}.${fraction}`;
}

/** Student ids in the order people expect: numbers by value, then text. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
