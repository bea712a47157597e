import { calendarDayIn, weekdayLetter } from '@homeroom/core/attendance/index';
import { alertRuleSettings, evaluateAlerts, minutesOfDay, timeOfDayIn, type AlertFigures, type AlertRuleSettings } from '@homeroom/core/alerts/rules';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { meetingsOn } from '../attendance/attendance-figures.repository.ts';
import { districtTimeZone } from '../district/district.repository.ts';
import * as repo from './alerts.repository.ts';

const HOUR = 3600_000;

/** The figures the alert rules judge, for a district at an instant. */
export async function gatherAlertFigures(db: Handle, districtId: number, at: Date, rules: AlertRuleSettings): Promise<AlertFigures> {
  const timeZone = await districtTimeZone(db, districtId);
  const day = calendarDayIn(at, timeZone);
  const localTime = timeOfDayIn(at, timeZone);
  const schools = await repo.schoolsWithoutClassCounts(db, districtId, day);
  // A meeting is due once its period began the rule's minutes ago (the school's default bell schedule).
  const dueBy = minutesOfDay(localTime) - rules['attendance-not-taken'].minutesAfterStart;
  const starts = new Map((await repo.periodStarts(db, districtId)).map((p) => [`${p.school_id}:${p.code}`, minutesOfDay(p.starts_at)]));
  const schoolDays = schools.filter((s) => s.school_day).map((s) => s.school_id);
  const meetings = schoolDays.length ? await meetingsOn(db, districtId, day, weekdayLetter(day), schoolDays) : [];
  const due = new Map<number, { due: number; notTaken: number }>();
  for (const m of meetings) {
    const start = starts.get(`${m.school_id}:${m.period_code}`);
    if (start === undefined || start > dueBy) continue;
    const entry = due.get(m.school_id) ?? { due: 0, notTaken: 0 };
    entry.due += 1;
    if (!m.taken) entry.notTaken += 1;
    due.set(m.school_id, entry);
  }
  const jobsSince = new Date(at.getTime() - rules['job-failed'].lookbackHours * HOUR);
  const importsSince = new Date(at.getTime() - rules['import-problems'].lookbackHours * HOUR);
  const errorsSince = new Date(at.getTime() - rules['server-errors'].windowMinutes * 60_000);
  return {
    day,
    localTime,
    schools: schools.map((s) => ({ schoolId: s.school_id, name: s.name, schoolDay: s.school_day, studentsWithoutSchedule: s.without_class, meetingsDue: due.get(s.school_id)?.due ?? 0, meetingsDueNotTaken: due.get(s.school_id)?.notTaken ?? 0 })),
    failedJobs: (await repo.failedJobsSince(db, districtId, jobsSince)).map((j) => ({ jobId: j.id, kind: j.kind, error: j.error, finishedAt: j.finished_at!.toISOString() })),
    imports: (await repo.importsSince(db, districtId, importsSince)).map((i) => ({ importId: i.id, status: i.status, problems: i.problems, finishedAt: new Date(i.finished_at).toISOString() })),
    serverErrors: { count: await repo.serverErrorsSince(db, errorsSince), since: errorsSince.toISOString() },
  };
}

/**
 * One evaluation of a district's alert rules: gathers the figures, judges them (the core's rules)
 * and raises what is wrong, in one transaction. Run again with nothing changed, it raises nothing
 * new: an alert is kept per rule and subject, and stays until a person resolves it.
 */
export async function evaluateDistrictAlerts(db: Kysely<Database>, districtId: number, clock: Clock) {
  const at = clock.now();
  return db.transaction().execute(async (trx) => {
    const rules = alertRuleSettings(await repo.alertRuleOverrides(trx, districtId));
    const figures = await gatherAlertFigures(trx, districtId, at, rules);
    const findings = evaluateAlerts(figures, rules);
    const raised = await repo.raiseAlerts(trx, districtId, findings);
    // The longest window a rule may ask for is a day; older minutes are of no use to anyone.
    await repo.forgetServerErrorsBefore(trx, new Date(at.getTime() - 25 * HOUR));
    return { at: at.toISOString(), findings: findings.length, raised };
  });
}
