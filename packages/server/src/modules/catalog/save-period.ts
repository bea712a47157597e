import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { describeBells, type PeriodInput } from './school-places.ts';
import { deletePeriod, insertPeriod, schoolCodeTaken, periodDependents, periodForUpdate, updatePeriod } from './school-places.repository.ts';
import { dependedOn, SETUP_KEEPERS } from './setup-access.ts';

const codeTaken = (code: string, school: string) => new Problem(409, 'period-code-taken', `${school} already has a period ${code}`, 'Choose another code; nothing was saved.', { field: 'body.code' });

/** Adds a period to a school's day (its bell times are set in each bell schedule). */
export async function createPeriod(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: PeriodInput) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    if (await schoolCodeTaken(trx, 'period', actor.districtId, schoolId, input.code, null)) throw codeTaken(input.code, school.name);
    const periodId = await insertPeriod(trx, actor.districtId, schoolId, input);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'period', entityId: periodId, schoolId, reason: 'school setup: bell schedules', details: { ...input } });
    return describeBells(trx, actor.districtId, schoolId);
  });
}

/** Renames or reorders a period against the version seen. */
export async function changePeriod(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, periodId: number, input: PeriodInput, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    const before = await periodForUpdate(trx, actor.districtId, schoolId, periodId);
    if (!before) throw notFound('This period');
    if (before.version !== expectedVersion) throw staleVersion(`period ${before.code}`, 'the bell schedules');
    if (await schoolCodeTaken(trx, 'period', actor.districtId, schoolId, input.code, periodId)) throw codeTaken(input.code, school.name);
    await updatePeriod(trx, actor.districtId, periodId, expectedVersion, input);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'period', entityId: periodId, schoolId, reason: 'school setup: bell schedules', details: { from: { code: before.code, name: before.name }, to: input } });
    return describeBells(trx, actor.districtId, schoolId);
  });
}

/**
 * Removes a period from a school's day, with its bell times. A period that sections meet in (or
 * that has attendance, unavailable slots or a build's placements) stays: the refusal names the sections.
 */
export async function removePeriod(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, periodId: number, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    const before = await periodForUpdate(trx, actor.districtId, schoolId, periodId);
    if (!before) throw notFound('This period');
    if (before.version !== expectedVersion) throw staleVersion(`period ${before.code}`, 'the bell schedules');
    const { sections, attendance, unavailable, proposals } = await periodDependents(trx, actor.districtId, [periodId]);
    if (sections.length + attendance + unavailable + proposals > 0) {
      throw dependedOn('period-in-use', `Period ${before.code} is in use`, `Period ${before.code}`, 'params.periodId', { sections: sections.length, attendance, unavailable, proposals }, 'it cannot be removed', sections.length ? { sections: sections.map((s) => s.name) } : {});
    }
    await deletePeriod(trx, actor.districtId, periodId);
    await writeAudit(trx, actor, origin, { action: 'delete', entity: 'period', entityId: periodId, schoolId, reason: 'school setup: bell schedules', details: { code: before.code, name: before.name } });
    return { periodId, code: before.code, removed: true as const };
  });
}
