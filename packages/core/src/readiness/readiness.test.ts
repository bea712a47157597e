import { describe, expect, it } from 'vitest';
import { checkRules, DEFAULT_CHECK_RULES, evaluateReadiness, loadTestMeasure, readinessDocument, readinessTable, type Measure } from './readiness.ts';

const nothingWrong: Record<string, Measure> = Object.fromEntries(DEFAULT_CHECK_RULES.map((r) => [r.id, r.id === 'load-test' ? loadTestMeasure({ recordedAt: '2027-08-01T07:00:00Z', savesPerSecond: 250, p99Ms: 90, errors: 0, targetSavesPerSecond: 200 }, 20) : { figure: 0, evidence: [] }]));
const rules = checkRules([]).map((r) => (r.id === 'load-test' ? { ...r, threshold: 200 } : r));
const judge = (measures: Record<string, Measure | undefined>, ruleSet = rules) => evaluateReadiness({ date: '2027-08-16', computedAt: '2027-08-12T07:00:03Z', rules: ruleSet, measures });

describe('the readiness verdict', () => {
  it('is Go only when every required check passes', () => {
    const report = judge(nothingWrong);
    expect(report.verdict).toBe('go');
    expect(report.format).toBe('homeroom.readiness/v1');
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true);
  });

  it('is No-Go when a required check cannot be computed: no evidence, no Go', () => {
    const report = judge({ ...nothingWrong, 'gpa-reconciliation': { figure: null, reason: 'no import compared figures' } });
    expect(report.verdict).toBe('no-go');
    expect(report.checks.find((c) => c.id === 'gpa-reconciliation')).toMatchObject({ status: 'unknown', figure: null, evidence: [{ detail: 'no import compared figures' }] });
    expect(judge({ ...nothingWrong, 'open-urgent-tickets': undefined }).verdict).toBe('no-go');
  });

  it('fails a required check above its threshold and names the records; an advisory one only warns', () => {
    const evidence = Array.from({ length: 150 }, (_, i) => ({ school: 'Gateway High School', student: String(1100000 + i), detail: '3 of 6 periods' }));
    const report = judge({ ...nothingWrong, 'students-without-complete-schedule': { figure: 150, evidence }, 'attendance-not-taken': { figure: 4.5, evidence: [] } });
    expect(report.verdict).toBe('no-go');
    const schedules = report.checks.find((c) => c.id === 'students-without-complete-schedule')!;
    expect(schedules).toMatchObject({ status: 'fail', figure: 150, evidenceCount: 150 });
    expect(schedules.evidence).toHaveLength(100);
    expect(report.checks.find((c) => c.id === 'attendance-not-taken')!.status).toBe('warn');
    expect(judge({ ...nothingWrong, 'attendance-not-taken': { figure: 4.5, evidence: [] } }).verdict).toBe('go');
  });

  it("reads the district's thresholds and requirements", () => {
    const lenient = checkRules([{ id: 'students-without-complete-schedule', threshold: 5 }, { id: 'open-urgent-tickets', required: false }]);
    expect(judge({ ...nothingWrong, 'students-without-complete-schedule': { figure: 5, evidence: [] }, 'load-test': nothingWrong['load-test'], 'open-urgent-tickets': undefined }, lenient.map((r) => (r.id === 'load-test' ? { ...r, threshold: 200 } : r))).verdict).toBe('go');
  });

  it('fails a load test that was too slow at the tail, or never run', () => {
    const slow = loadTestMeasure({ recordedAt: '2027-08-01T07:00:00Z', savesPerSecond: 250, p99Ms: 340, errors: 0, targetSavesPerSecond: 200 }, 20);
    expect(judge({ ...nothingWrong, 'load-test': slow }).checks.find((c) => c.id === 'load-test')!.status).toBe('fail');
    expect(judge({ ...nothingWrong, 'load-test': loadTestMeasure(null, 20) }).checks.find((c) => c.id === 'load-test')!.status).toBe('unknown');
    const short = loadTestMeasure({ recordedAt: '2027-08-01T07:00:00Z', savesPerSecond: 150, p99Ms: 40, errors: 0, targetSavesPerSecond: 200 }, 20);
    expect(judge({ ...nothingWrong, 'load-test': short }).verdict).toBe('no-go');
  });

  it('writes the file format without the ids a screen uses, and a table a person reads', () => {
    const report = judge({ ...nothingWrong, 'students-without-complete-schedule': { figure: 1, evidence: [{ school: 'North High', student: '1004', detail: 'no section', ref: { studentId: 7 } }] } });
    expect(readinessDocument(report).checks[0]!.evidence).toEqual([{ school: 'North High', student: '1004', detail: 'no section' }]);
    const table = readinessTable(report);
    expect(table).toContain('NO-GO');
    expect(table).toContain('North High · student 1004 · no section');
  });
});
