import type { AlertItem } from '@homeroom/core/api/alerts';
import type { Kysely } from 'kysely';
import { schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { unresolvedAlerts } from './alerts.repository.ts';

/** Who sees alerts: the district's administrators all of them, a school's administrators their school's. */
export const ALERT_READERS = ['district-admin', 'school-admin'] as const satisfies readonly Role[];

type AlertRow = Awaited<ReturnType<typeof unresolvedAlerts>>[number];

export function alertOf(row: Omit<AlertRow, 'acknowledged_by_name'> & { acknowledged_by_name?: string | null }): AlertItem {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: row.id,
    rule: row.rule as AlertItem['rule'],
    title: row.title,
    subject: { kind: row.subject_kind as AlertItem['subject']['kind'], id: row.subject_id, name: row.subject_name },
    schoolId: row.school_id,
    figure: row.figure as AlertItem['figure'],
    link: row.link,
    status: row.status as AlertItem['status'],
    raisedAt: iso(row.raised_at)!,
    lastSeenAt: iso(row.last_seen_at)!,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by_name ?? null,
    resolvedAt: iso(row.resolved_at),
    version: row.version,
  };
}

/**
 * The alerts not yet resolved for the person's schools, newest first. Alerts name schools, jobs and
 * imports, never a student, so listing them reads no student's record.
 */
export async function listAlerts(db: Kysely<Database>, actor: Actor) {
  const schools = schoolsWhere(actor, ...ALERT_READERS);
  const rows = await unresolvedAlerts(db, actor.districtId, schools);
  const items = rows.map(alertOf);
  return { open: items.filter((a) => a.status === 'open').length, items };
}
