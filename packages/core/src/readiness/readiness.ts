// Go-live readiness (`homeroom.readiness/v1`, shared/formats/readiness.md): figures measured by
// the server become checks, and checks a verdict. No evidence, no Go: a required check whose
// figure could not be computed is `unknown`, and an unknown required check is not a pass.

export const READINESS_FORMAT = 'homeroom.readiness/v1';
export const EVIDENCE_LIMIT = 100;

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';
export type Verdict = 'go' | 'no-go';

/** The records a check names; `ref` carries their ids so a screen can open them (not part of the file format). */
export interface Evidence {
  school?: string;
  student?: string;
  section?: string;
  detail?: string;
  ref?: { schoolId?: number; studentId?: number; sectionId?: number };
}

/** How a check judges its figure. */
export interface CheckRule {
  id: string;
  title: string;
  required: boolean;
  /** The figure a pass allows. */
  threshold: number;
  /** 'at-most': a count of things wrong; 'at-least': a capacity that must be reached. */
  compare: 'at-most' | 'at-least';
}

/** What the server measured for a check: a figure with its evidence, or why it could not. */
export type Measure =
  | { figure: number; evidence: Evidence[]; evidenceCount?: number; /** false: below the bar whatever the figure (a load test whose p99 was too slow). */ ok?: boolean }
  | { figure: null; reason: string };

export interface ReadinessCheck {
  id: string;
  title: string;
  required: boolean;
  status: CheckStatus;
  figure: number | null;
  threshold: number;
  evidence: Evidence[];
  evidenceCount: number;
}

export interface ReadinessReport {
  format: typeof READINESS_FORMAT;
  verdict: Verdict;
  date: string;
  computedAt: string;
  checks: ReadinessCheck[];
}

export const CHECK_IDS = [
  'students-without-complete-schedule',
  'passed-courses-scheduled',
  'seniors-missing-requirements',
  'sections-over-capacity',
  'attendance-not-taken',
  'gpa-reconciliation',
  'load-test',
  'open-urgent-tickets',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** The checks every report has, with the defaults of the format; a district changes threshold and required. */
export const DEFAULT_CHECK_RULES: readonly CheckRule[] = [
  { id: 'students-without-complete-schedule', title: 'Students without a complete schedule', required: true, threshold: 0, compare: 'at-most' },
  { id: 'passed-courses-scheduled', title: 'Students in a course they already passed', required: true, threshold: 0, compare: 'at-most' },
  { id: 'seniors-missing-requirements', title: 'Seniors missing a graduation requirement', required: true, threshold: 0, compare: 'at-most' },
  { id: 'sections-over-capacity', title: 'Sections over capacity', required: true, threshold: 0, compare: 'at-most' },
  { id: 'attendance-not-taken', title: 'Class meetings without attendance (%, last school day)', required: false, threshold: 2, compare: 'at-most' },
  { id: 'gpa-reconciliation', title: 'GPA and credit mismatches in the last import', required: true, threshold: 0, compare: 'at-most' },
  { id: 'load-test', title: 'First-morning load test (saves a second at p99 under 200 ms)', required: true, threshold: 0, compare: 'at-least' },
  { id: 'open-urgent-tickets', title: 'Urgent help-desk tickets not resolved', required: true, threshold: 0, compare: 'at-most' },
];

/** The district's own thresholds and requirements laid over the defaults. */
export function checkRules(overrides: ReadonlyArray<{ id: string; threshold?: number | null; required?: boolean | null }>, defaults: readonly CheckRule[] = DEFAULT_CHECK_RULES): CheckRule[] {
  const byId = new Map(overrides.map((o) => [o.id, o]));
  return defaults.map((rule) => {
    const o = byId.get(rule.id);
    return { ...rule, threshold: o?.threshold ?? rule.threshold, required: o?.required ?? rule.required };
  });
}

function within(rule: CheckRule, figure: number): boolean {
  return rule.compare === 'at-most' ? figure <= rule.threshold : figure >= rule.threshold;
}

/** One check from its rule and what was measured; nothing measured is unknown. */
export function evaluateCheck(rule: CheckRule, measure: Measure | undefined): ReadinessCheck {
  const base = { id: rule.id, title: rule.title, required: rule.required, threshold: rule.threshold };
  if (!measure || measure.figure === null) {
    const reason = measure?.figure === null ? measure.reason : 'nothing measured this check';
    return { ...base, status: 'unknown', figure: null, evidence: [{ detail: reason }], evidenceCount: 0 };
  }
  const passes = within(rule, measure.figure) && measure.ok !== false;
  return {
    ...base,
    status: passes ? 'pass' : rule.required ? 'fail' : 'warn',
    figure: measure.figure,
    evidence: measure.evidence.slice(0, EVIDENCE_LIMIT),
    evidenceCount: measure.evidenceCount ?? measure.evidence.length,
  };
}

/** Go only when no required check failed or is unknown. */
export function verdictOf(checks: readonly ReadinessCheck[]): Verdict {
  return checks.some((c) => c.required && (c.status === 'fail' || c.status === 'unknown')) ? 'no-go' : 'go';
}

export function evaluateReadiness(input: { date: string; computedAt: string; rules: readonly CheckRule[]; measures: Readonly<Record<string, Measure | undefined>> }): ReadinessReport {
  const checks = input.rules.map((rule) => evaluateCheck(rule, input.measures[rule.id]));
  return { format: READINESS_FORMAT, verdict: verdictOf(checks), date: input.date, computedAt: input.computedAt, checks };
}

/** The report as the file format writes it: the evidence without the ids a screen uses. */
export function readinessDocument(report: ReadinessReport): ReadinessReport {
  return { ...report, checks: report.checks.map((c) => ({ ...c, evidence: c.evidence.map(({ ref: _ref, ...e }) => e) })) };
}

/** The load test's bar: saves a second sustained at 10 times the district's expected peak, p99 under 200 ms. */
export const LOAD_TEST_FACTOR = 10;
export const LOAD_TEST_P99_MS = 200;

export interface LoadTestRecord {
  recordedAt: string;
  savesPerSecond: number;
  p99Ms: number;
  errors: number;
  /** The rate the run aimed at (saves a second). */
  targetSavesPerSecond: number;
}

/** The load-test check's figure from the last recorded run, judged against today's expected peak. */
export function loadTestMeasure(last: LoadTestRecord | null, expectedPeakSavesPerSecond: number): Measure {
  if (!last) return { figure: null, reason: "no first-morning load test was ever recorded for this deployment: run 'homeroom load-test'" };
  const needed = expectedPeakSavesPerSecond * LOAD_TEST_FACTOR;
  const ok = last.p99Ms < LOAD_TEST_P99_MS && last.errors === 0;
  const detail = `${last.savesPerSecond} saves/s sustained, p99 ${last.p99Ms} ms, ${last.errors} errors, aiming at ${last.targetSavesPerSecond} saves/s (10 × the expected peak of ${expectedPeakSavesPerSecond} is ${needed}); run ${last.recordedAt}`;
  return { figure: last.savesPerSecond, evidence: [{ detail }], evidenceCount: 1, ok };
}

/** A table a person reads, for the command line. */
export function readinessTable(report: ReadinessReport): string {
  const lines = [`Readiness for ${report.date}: ${report.verdict === 'go' ? 'GO' : 'NO-GO'} (computed ${report.computedAt})`, ''];
  const rows = report.checks.map((c) => [c.status.toUpperCase(), c.required ? 'required' : 'advisory', c.figure === null ? '—' : String(c.figure), String(c.threshold), c.title]);
  const header = ['STATUS', 'KIND', 'FIGURE', 'THRESHOLD', 'CHECK'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  lines.push(line(header), ...rows.map(line));
  for (const c of report.checks) {
    if (c.status === 'pass' || c.evidence.length === 0) continue;
    lines.push('', `${c.title} (${c.evidenceCount}):`);
    for (const e of c.evidence.slice(0, 10)) lines.push(`  ${[e.school, e.student && `student ${e.student}`, e.section && `section ${e.section}`, e.detail].filter(Boolean).join(' · ')}`);
    if (c.evidenceCount > 10) lines.push(`  … and ${c.evidenceCount - 10} more (--json lists up to ${EVIDENCE_LIMIT})`);
  }
  return `${lines.join('\n')}\n`;
}
