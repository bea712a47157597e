import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { schoolsWhere, type Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { changeAlertStatus, findAlert } from './alerts.repository.ts';
import { ALERT_READERS, alertOf } from './list-alerts.ts';

/**
 * A person sees to an alert: acknowledges it ("I am on it") or resolves it, against the version
 * they saw, with the audit row in the same transaction. An alert about no school (a job, an
 * import, the server) is the district's administrators' alone.
 */
async function seeToAlert(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, alertId: number, expectedVersion: number, change: { status: 'acknowledged' | 'resolved'; note?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const alert = await findAlert(trx, actor.districtId, alertId);
    const schools = schoolsWhere(actor, ...ALERT_READERS);
    if (!alert || (schools !== 'all' && (alert.school_id === null || !schools.includes(alert.school_id)))) throw notFound('This alert');
    if (alert.status === 'resolved') throw new Problem(409, 'alert-resolved', 'This alert is resolved already', 'Nothing was changed.', { version: alert.version });
    const changed = await changeAlertStatus(trx, actor.districtId, alertId, expectedVersion, { ...change, userId: actor.userId });
    if (!changed) throw staleVersion('this alert', 'the alerts', { version: alert.version });
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'alert', entityId: alertId, schoolId: alert.school_id, reason: change.note ?? null, details: { rule: alert.rule, subject: alert.subject_name, status: change.status } });
    return alertOf({ ...changed, acknowledged_by_name: change.status === 'acknowledged' ? actor.displayName : null });
  });
}

export const acknowledgeAlert = (db: Kysely<Database>, actor: Actor, origin: RequestOrigin, alertId: number, expectedVersion: number) => seeToAlert(db, actor, origin, alertId, expectedVersion, { status: 'acknowledged' });

export const resolveAlert = (db: Kysely<Database>, actor: Actor, origin: RequestOrigin, alertId: number, expectedVersion: number, note: string | undefined) =>
  seeToAlert(db, actor, origin, alertId, expectedVersion, { status: 'resolved', note: note || null });
