import { describe, expect, it } from 'vitest';
import { alertRuleSettings, evaluateAlerts, timeOfDayIn, type AlertFigures } from './rules.ts';

const school = { schoolId: 7, name: 'Lincoln High', schoolDay: true, studentsWithoutSchedule: 0, meetingsDue: 100, meetingsDueNotTaken: 0 };
const quiet: AlertFigures = { day: '2026-12-07', localTime: '10:30', schools: [school], failedJobs: [], imports: [], serverErrors: { count: 0, since: '2026-12-07T18:15:00.000Z' } };
const defaults = alertRuleSettings([]);

describe('alert rules', () => {
  it('says nothing when nothing is wrong', () => {
    expect(evaluateAlerts(quiet, defaults)).toEqual([]);
  });

  it('counts students without a class only past 10:00 on a school day, and only above 10', () => {
    const eleven = { ...quiet, schools: [{ ...school, studentsWithoutSchedule: 11 }] };
    expect(evaluateAlerts(eleven, defaults).map((f) => [f.rule, f.key, f.link])).toEqual([['students-without-schedule', 'school:7:2026-12-07', '/schedules/incomplete?school=7']]);
    expect(evaluateAlerts({ ...eleven, localTime: '09:59' }, defaults)).toEqual([]);
    expect(evaluateAlerts({ ...eleven, schools: [{ ...school, studentsWithoutSchedule: 10 }] }, defaults)).toEqual([]);
    expect(evaluateAlerts({ ...eleven, schools: [{ ...school, studentsWithoutSchedule: 200, schoolDay: false }] }, defaults)).toEqual([]);
  });

  it('alerts when more than 2% of the meetings due have no attendance, exactly', () => {
    const at = (notTaken: number) => evaluateAlerts({ ...quiet, schools: [{ ...school, meetingsDueNotTaken: notTaken }] }, defaults).map((f) => f.rule);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['attendance-not-taken']);
  });

  it('names failed jobs, troubled imports and a spike of server errors', () => {
    const figures: AlertFigures = {
      ...quiet,
      failedJobs: [{ jobId: 4, kind: 'gpa-recompute', error: 'boom', finishedAt: '2026-12-07T17:00:00Z' }],
      imports: [
        { importId: 1, status: 'imported', problems: 0, finishedAt: '2026-12-07T17:00:00Z' },
        { importId: 2, status: 'refused', problems: 3, finishedAt: '2026-12-07T17:00:00Z' },
      ],
      serverErrors: { count: 21, since: '2026-12-07T18:15:00.000Z' },
    };
    expect(evaluateAlerts(figures, defaults).map((f) => [f.rule, f.key, f.subject.kind])).toEqual([
      ['job-failed', 'job:4', 'job'],
      ['import-problems', 'import:2', 'import'],
      ['server-errors', 'server:2026-12-07T18', 'server'],
    ]);
  });

  it('takes a district’s own settings and lets it turn a rule off', () => {
    const rules = alertRuleSettings([
      { rule: 'students-without-schedule', enabled: true, settings: { students: 0, after: '08:00' } },
      { rule: 'server-errors', enabled: false, settings: {} },
    ]);
    const figures = { ...quiet, localTime: '08:00', schools: [{ ...school, studentsWithoutSchedule: 1 }], serverErrors: { count: 1000, since: quiet.serverErrors.since } };
    expect(evaluateAlerts(figures, rules).map((f) => f.rule)).toEqual(['students-without-schedule']);
    expect(() => alertRuleSettings([{ rule: 'attendance-not-taken', enabled: true, settings: { percent: 'two' } }])).toThrow();
  });

  it('reads the time of day in the district’s zone', () => {
    expect(timeOfDayIn(new Date('2026-12-07T18:05:00Z'), 'America/Los_Angeles')).toBe('10:05');
  });
});
