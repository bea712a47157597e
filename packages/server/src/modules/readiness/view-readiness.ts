import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ReadinessHistory, ReadinessReportResponse } from '@homeroom/core/api/readiness';
import type { ReadinessReport } from '@homeroom/core/readiness/readiness';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import { schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { produceReadinessReport, studentsNamed } from './readiness-report.ts';
import { firstSchoolDayFrom, readinessRuns } from './readiness.repository.ts';
import type { UrgentTicketsSource } from './urgent-tickets.ts';

export const READINESS_VIEWERS: readonly Role[] = ['district-admin', 'school-admin'];

export const readinessQuery = z.strictObject({ date: z.iso.date().optional(), school: z.coerce.number().int().positive().optional() });
export const readinessHistoryQuery = z.strictObject({ school: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });

/**
 * The schools a report is for: a district administrator's whole district unless a school is named;
 * a school administrator's school (the one asked, or their only one). Another school is not found.
 */
async function readinessScope(trx: Handle, actor: Actor, school: number | undefined): Promise<{ id: number; name: string } | null> {
  if (school !== undefined) {
    const found = await requireSchool(trx, actor, school, READINESS_VIEWERS);
    return { id: found.id, name: found.name };
  }
  const schools = schoolsWhere(actor, ...READINESS_VIEWERS);
  if (schools === 'all') return null;
  if (schools.length === 0) throw notFound('The readiness report');
  if (schools.length > 1) throw new Problem(422, 'school-required', 'Say which school', 'You administer more than one school: ask for the report of one of them.', { field: 'school' });
  const found = await requireSchool(trx, actor, schools[0]!, READINESS_VIEWERS);
  return { id: found.id, name: found.name };
}

/**
 * The Go/No-Go report for the district or a school, measured now and kept as a run of its history.
 * The students it names are an audited read.
 */
export async function viewReadiness(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof readinessQuery>, options: { now: Date; urgentTickets?: UrgentTicketsSource }): Promise<ReadinessReportResponse> {
  return db.transaction().execute(async (trx) => {
    const school = await readinessScope(trx, actor, input.school);
    const day = input.date ?? (await firstSchoolDayFrom(trx, actor.districtId, actor.today)) ?? actor.today;
    const { report, runId } = await produceReadinessReport(trx, {
      districtId: actor.districtId, day, scope: school ? [school.id] : 'all', schoolId: school?.id ?? null, requestedBy: actor.userId, now: options.now,
      ...(options.urgentTickets ? { urgentTickets: options.urgentTickets } : {}),
    });
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'readiness', entityId: runId, schoolId: school?.id ?? null, details: { verdict: report.verdict, date: day } }, studentsNamed(report));
    return { ...report, run: { id: runId, school } };
  });
}

/** The last runs of the district's (or a school's) report, oldest first: the trend. */
export async function viewReadinessHistory(db: Kysely<Database>, actor: Actor, input: z.output<typeof readinessHistoryQuery>): Promise<ReadinessHistory> {
  return db.transaction().execute(async (trx) => {
    const school = await readinessScope(trx, actor, input.school);
    const runs = await readinessRuns(trx, actor.districtId, school?.id ?? null, input.limit);
    return {
      school,
      runs: runs.reverse().map((r) => {
        const report = r.report as ReadinessReport;
        return {
          id: r.id, date: r.day, computedAt: report.computedAt, verdict: report.verdict,
          checks: report.checks.map((c) => ({ id: c.id, title: c.title, status: c.status, figure: c.figure, threshold: c.threshold })),
        };
      }),
    };
  });
}
