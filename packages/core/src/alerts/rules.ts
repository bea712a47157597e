import { z } from 'zod';

/**
 * Alerts: the figures that should wake someone on a school morning, and the rules that judge them.
 * Pure: the server gathers the figures, this decides what is wrong. Every rule has a default a
 * district may change (its `alert_rule` row keeps only what it changed).
 */

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as 10:00');
const whole = z.number().int().min(0);

export const ALERT_RULE_SETTINGS = {
  /** More than `students` students enrolled at a school without any class, after `after` on a school day. */
  'students-without-schedule': z.strictObject({ students: whole.default(10), after: time.default('10:00') }),
  /** More than `percent` of a school's class meetings without attendance `minutesAfterStart` after their period began. */
  'attendance-not-taken': z.strictObject({ percent: z.number().min(0).max(100).default(2), minutesAfterStart: whole.max(600).default(60) }),
  /** A background job that failed within the last `lookbackHours`. */
  'job-failed': z.strictObject({ lookbackHours: whole.min(1).max(24 * 14).default(24) }),
  /** More than `errors` server errors (5xx) within the last `windowMinutes`. */
  'server-errors': z.strictObject({ errors: whole.default(20), windowMinutes: whole.min(1).max(24 * 60).default(15) }),
  /** A district import refused, failed, or reporting problems within the last `lookbackHours`. */
  'import-problems': z.strictObject({ lookbackHours: whole.min(1).max(24 * 14).default(24) }),
} as const;

export type AlertRuleName = keyof typeof ALERT_RULE_SETTINGS;
export const ALERT_RULES = Object.keys(ALERT_RULE_SETTINGS) as AlertRuleName[];
export type AlertRuleSettings = { [R in AlertRuleName]: z.output<(typeof ALERT_RULE_SETTINGS)[R]> & { enabled: boolean } };

/** The rules in force: the defaults, with what the district changed (unknown rules ignored, bad settings refused). */
export function alertRuleSettings(overrides: ReadonlyArray<{ rule: string; enabled: boolean; settings: unknown }>): AlertRuleSettings {
  const result = {} as Record<AlertRuleName, unknown>;
  for (const rule of ALERT_RULES) {
    const override = overrides.find((o) => o.rule === rule);
    const settings = ALERT_RULE_SETTINGS[rule].parse(override?.settings ?? {});
    result[rule] = { ...settings, enabled: override?.enabled ?? true };
  }
  return result as AlertRuleSettings;
}

export interface SchoolFigures {
  schoolId: number;
  name: string;
  /** An instructional day at this school today. */
  schoolDay: boolean;
  /** Students enrolled today with no class on their schedule today. */
  studentsWithoutSchedule: number;
  /** Class meetings today whose period began at least the rule's minutes ago, and how many of them have no attendance. */
  meetingsDue: number;
  meetingsDueNotTaken: number;
}

export interface AlertFigures {
  /** The district's calendar day and its time of day (HH:MM), in its own time zone. */
  day: string;
  localTime: string;
  schools: SchoolFigures[];
  failedJobs: Array<{ jobId: number; kind: string; error: string | null; finishedAt: string }>;
  imports: Array<{ importId: number; status: string; problems: number; finishedAt: string }>;
  /** Server errors (5xx) in the rule's window, and the window's first minute (an instant). */
  serverErrors: { count: number; since: string };
}

export type AlertSubject = { kind: 'school'; id: number; name: string } | { kind: 'job'; id: number; name: string } | { kind: 'import'; id: number; name: string } | { kind: 'server'; id: null; name: string };

/**
 * Something wrong. `key` says which subject and when: an alert for a key is raised once (figures
 * taken for a school day carry the day, so a school still short tomorrow is told again tomorrow).
 */
export interface AlertFinding {
  rule: AlertRuleName;
  key: string;
  subject: AlertSubject;
  schoolId: number | null;
  title: string;
  figure: Record<string, number | string>;
  /** The web app's page listing what is behind the alert; null when there is none (server errors are in the logs). */
  link: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What is wrong, given the figures and the rules in force. */
export function evaluateAlerts(figures: AlertFigures, rules: AlertRuleSettings): AlertFinding[] {
  const findings: AlertFinding[] = [];
  const unscheduled = rules['students-without-schedule'];
  const notTaken = rules['attendance-not-taken'];
  for (const school of figures.schools) {
    if (!school.schoolDay) continue;
    const subject = { kind: 'school', id: school.schoolId, name: school.name } as const;
    if (unscheduled.enabled && figures.localTime >= unscheduled.after && school.studentsWithoutSchedule > unscheduled.students) {
      findings.push({
        rule: 'students-without-schedule',
        key: `school:${school.schoolId}:${figures.day}`,
        subject,
        schoolId: school.schoolId,
        title: `${school.name}: ${plural(school.studentsWithoutSchedule, 'student')} without a class`,
        figure: { students: school.studentsWithoutSchedule, threshold: unscheduled.students, day: figures.day },
        link: `/schedules/incomplete?school=${school.schoolId}`,
      });
    }
    // Exact: notTaken / due > percent / 100, compared without dividing.
    if (notTaken.enabled && school.meetingsDue > 0 && school.meetingsDueNotTaken * 100 > notTaken.percent * school.meetingsDue) {
      findings.push({
        rule: 'attendance-not-taken',
        key: `school:${school.schoolId}:${figures.day}`,
        subject,
        schoolId: school.schoolId,
        title: `${school.name}: ${plural(school.meetingsDueNotTaken, 'class', 'classes')} of ${school.meetingsDue} without attendance`,
        figure: { notTaken: school.meetingsDueNotTaken, meetings: school.meetingsDue, thresholdPercent: notTaken.percent, day: figures.day },
        link: `/attendance?school=${school.schoolId}`,
      });
    }
  }
  if (rules['job-failed'].enabled) {
    for (const job of figures.failedJobs) {
      findings.push({
        rule: 'job-failed',
        key: `job:${job.jobId}`,
        subject: { kind: 'job', id: job.jobId, name: `${job.kind} job ${job.jobId}` },
        schoolId: null,
        title: `The ${job.kind} job ${job.jobId} failed`,
        figure: { kind: job.kind, error: (job.error ?? 'no reason recorded').slice(0, 300), finishedAt: job.finishedAt },
        link: `/api/jobs/${job.jobId}`,
      });
    }
  }
  if (rules['import-problems'].enabled) {
    for (const run of figures.imports) {
      if (run.status !== 'refused' && run.status !== 'failed' && run.problems === 0) continue;
      findings.push({
        rule: 'import-problems',
        key: `import:${run.importId}`,
        subject: { kind: 'import', id: run.importId, name: `district import ${run.importId}` },
        schoolId: null,
        title: run.status === 'refused' || run.status === 'failed' ? `District import ${run.importId} was ${run.status} (${plural(run.problems, 'problem')})` : `District import ${run.importId} reported ${plural(run.problems, 'problem')}`,
        figure: { status: run.status, problems: run.problems, finishedAt: run.finishedAt },
        link: '/district-import',
      });
    }
  }
  const errors = rules['server-errors'];
  if (errors.enabled && figures.serverErrors.count > errors.errors) {
    // One alert an hour at most while the errors go on.
    const hour = figures.serverErrors.since.slice(0, 13);
    findings.push({
      rule: 'server-errors',
      key: `server:${hour}`,
      subject: { kind: 'server', id: null, name: 'the server' },
      schoolId: null,
      title: `${plural(figures.serverErrors.count, 'server error')} in ${errors.windowMinutes} minutes`,
      figure: { errors: figures.serverErrors.count, threshold: errors.errors, windowMinutes: errors.windowMinutes, since: figures.serverErrors.since },
      link: null,
    });
  }
  return findings;
}

/** The time of day (HH:MM, 24-hour) at an instant in a time zone. */
export function timeOfDayIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/** Minutes since midnight of a time of day (HH:MM or HH:MM:SS). */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}
