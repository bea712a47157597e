import { z } from 'zod';
import { alertRuleName } from './alerts.ts';

/** The contract of the administrators' home: the figures behind its charts. */
const id = z.number().int();
const count = z.number().int().min(0);

export const homeFigures = z.strictObject({
  /** The school the figures are for; null: every school the person administers (the district for a district administrator). */
  school: z.strictObject({ id, name: z.string() }).nullable(),
  /** Attendance rate by school day of this school year, up to today: students present ÷ students expected, full-day absences only. */
  attendance: z.strictObject({
    schoolYear: z.string().nullable(),
    days: z.array(z.strictObject({ date: z.iso.date(), expected: count, present: count, rate: z.number().nullable() })),
  }),
  /** Students without a complete schedule on the school day judged (the readiness report's definition), by school. */
  incompleteSchedules: z.strictObject({
    day: z.iso.date().nullable(),
    total: count,
    bySchool: z.array(z.strictObject({ schoolId: id, school: z.string(), students: count })),
  }),
  /** Seniors who cannot graduate on their current schedule, by requirement still missing, from the stored graduation audits. */
  seniorsAtRisk: z.strictObject({
    /** When the oldest audit read was computed; null when no senior has been audited yet. */
    auditedSince: z.string().nullable(),
    seniors: count,
    audited: count,
    atRisk: count,
    byRequirement: z.array(z.strictObject({ requirement: z.string(), title: z.string(), students: count })),
  }),
  /** Alerts not yet resolved, by rule. */
  alerts: z.strictObject({
    total: count,
    byRule: z.array(z.strictObject({ rule: alertRuleName, open: count, acknowledged: count })),
  }),
  /** Help-desk tickets not yet resolved, reported by the people of these schools, by priority. */
  tickets: z.strictObject({
    total: count,
    byPriority: z.strictObject({ urgent: count, high: count, normal: count, low: count }),
  }),
});

export type HomeFigures = z.output<typeof homeFigures>;
