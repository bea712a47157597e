/**
 * Attendance codes. A district names its own codes (P, A, U, 02, …); what a code means for the
 * state — and so for ADA, chronic absence and truancy letters — is its state category.
 */
export const STATE_CATEGORIES = ['present', 'tardy', 'excused', 'unexcused', 'suspension', 'independent-study', 'illness', 'medical', 'other'] as const;
export type StateCategory = (typeof STATE_CATEGORIES)[number];

export interface AttendanceCode {
  code: string;
  description: string;
  stateCategory: StateCategory;
  /** Whether a period or day with this code is an absence. The district decides; see defaults below. */
  countsAsAbsent: boolean;
  /** The code a student gets when the teacher does not mark them: present. */
  isDefault?: boolean;
  sortOrder?: number;
}

/**
 * Whether a category is an absence when a district does not say otherwise. Tardy is present (the
 * student came); independent study counts as attendance when the work is done, which the
 * independent-study teacher certifies, so the code says present.
 */
export const ABSENT_BY_DEFAULT: Record<StateCategory, boolean> = {
  present: false,
  tardy: false,
  excused: true,
  unexcused: true,
  suspension: true,
  'independent-study': false,
  illness: true,
  medical: true,
  other: false,
};

/** Absences the school has accepted a reason for: they still count against ADA and chronic absence. */
const EXCUSED_CATEGORIES: ReadonlySet<StateCategory> = new Set(['excused', 'illness', 'medical']);

/** A California district's usual codes, as a starting point for a new district. */
export const CALIFORNIA_DEFAULT_CODES: readonly AttendanceCode[] = [
  { code: 'P', description: 'Present', stateCategory: 'present', countsAsAbsent: false, isDefault: true, sortOrder: 1 },
  { code: 'T', description: 'Tardy', stateCategory: 'tardy', countsAsAbsent: false, sortOrder: 2 },
  { code: 'A', description: 'Absent, not yet cleared', stateCategory: 'unexcused', countsAsAbsent: true, sortOrder: 3 },
  { code: 'E', description: 'Excused absence (note from home)', stateCategory: 'excused', countsAsAbsent: true, sortOrder: 4 },
  { code: 'I', description: 'Illness', stateCategory: 'illness', countsAsAbsent: true, sortOrder: 5 },
  { code: 'M', description: 'Medical or dental appointment', stateCategory: 'medical', countsAsAbsent: true, sortOrder: 6 },
  { code: 'S', description: 'Suspension', stateCategory: 'suspension', countsAsAbsent: true, sortOrder: 7 },
  { code: 'IS', description: 'Independent study, work completed', stateCategory: 'independent-study', countsAsAbsent: false, sortOrder: 8 },
];

export class AttendanceCodeTable {
  readonly #byCode: Map<string, AttendanceCode>;

  constructor(readonly codes: readonly AttendanceCode[]) {
    this.#byCode = new Map(codes.map((c) => [c.code, c]));
    if (this.#byCode.size !== codes.length) throw new Error('attendance codes must be unique');
  }

  get(code: string): AttendanceCode | undefined {
    return this.#byCode.get(code);
  }

  has(code: string): boolean {
    return this.#byCode.has(code);
  }

  /** The code of a student nobody marked: the district's default, else its first present code. */
  get presentCode(): string {
    const found = this.codes.find((c) => c.isDefault) ?? this.codes.find((c) => c.stateCategory === 'present');
    if (!found) throw new Error('the district has no present attendance code');
    return found.code;
  }

  /** The code a guardian's note turns an uncleared absence into. */
  get excusedCode(): string | null {
    return [...this.codes].sort(bySortOrder).find((c) => c.stateCategory === 'excused')?.code ?? null;
  }

  isAbsent(code: string): boolean {
    const found = this.#byCode.get(code);
    if (!found) throw new Error(`unknown attendance code ${code}`);
    return found.countsAsAbsent;
  }

  isExcusedAbsence(code: string): boolean {
    const found = this.#byCode.get(code);
    return found !== undefined && found.countsAsAbsent && EXCUSED_CATEGORIES.has(found.stateCategory);
  }

  /**
   * What a note from home makes of a code: an uncleared absence becomes excused; anything else
   * (present, an illness already recorded, a suspension) stays as it is.
   */
  excuse(code: string): string {
    const found = this.#byCode.get(code);
    const excused = this.excusedCode;
    if (!found || excused === null) return code;
    return found.countsAsAbsent && found.stateCategory === 'unexcused' ? excused : code;
  }
}

function bySortOrder(a: AttendanceCode, b: AttendanceCode): number {
  return (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.code.localeCompare(b.code);
}
