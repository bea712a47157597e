import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { invalid } from '../../http/validate.ts';
import { describeBells, type BellScheduleInput } from './school-places.ts';
import {
  bellScheduleForUpdate, bellScheduleNamed, bellTimesOf, clearDefaultBellSchedule, insertBellSchedule, periodDependents, replaceBellTimes, schoolPeriods, updateBellSchedule,
} from './school-places.repository.ts';
import { dependedOn, SETUP_KEEPERS } from './setup-access.ts';

/** The bell times by period id, each period one of the school's, in order and not overlapping. */
async function timesOf(trx: Handle, districtId: number, schoolId: number, input: BellScheduleInput) {
  const periods = await schoolPeriods(trx, districtId, schoolId);
  const errors: Array<{ field: string; message: string }> = [];
  const times: Array<{ periodId: number; startsAt: string; endsAt: string }> = [];
  const seen = new Set<string>();
  input.periods.forEach((t, i) => {
    const p = periods.find((x) => x.code === t.code);
    if (!p) errors.push({ field: `body.periods.${i}.code`, message: `the school has no period ${t.code}; its periods are ${periods.map((x) => x.code).join(', ') || 'none yet'}` });
    if (seen.has(t.code)) errors.push({ field: `body.periods.${i}.code`, message: `${t.code} is there twice` });
    seen.add(t.code);
    if (t.startsAt >= t.endsAt) errors.push({ field: `body.periods.${i}.endsAt`, message: `must be after ${t.startsAt}` });
    if (p) times.push({ periodId: p.id, startsAt: t.startsAt, endsAt: t.endsAt });
  });
  const ordered = [...input.periods].map((t, i) => ({ ...t, i })).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (let k = 1; k < ordered.length; k++) {
    const [a, b] = [ordered[k - 1]!, ordered[k]!];
    if (b.startsAt < a.endsAt) errors.push({ field: `body.periods.${b.i}.startsAt`, message: `${b.code} starts before ${a.code} ends (${a.endsAt})` });
  }
  if (errors.length) throw invalid(errors);
  return times;
}

const nameTaken = (name: string, school: string) => new Problem(409, 'bell-schedule-exists', `${school} already has a bell schedule named ${name}`, 'Choose another name; nothing was saved.', { field: 'body.name' });

/** Adds a bell schedule (a regular day, a minimum day, an assembly day) with each period's times. */
export async function createBellSchedule(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: BellScheduleInput) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    if (await bellScheduleNamed(trx, actor.districtId, schoolId, input.name, null)) throw nameTaken(input.name, school.name);
    const times = await timesOf(trx, actor.districtId, schoolId, input);
    const id = await insertBellSchedule(trx, actor.districtId, schoolId, input);
    if (input.isDefault) await clearDefaultBellSchedule(trx, actor.districtId, schoolId, id);
    await replaceBellTimes(trx, actor.districtId, id, times);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'bell-schedule', entityId: id, schoolId, reason: 'school setup: bell schedules', details: { ...input } });
    return describeBells(trx, actor.districtId, schoolId);
  });
}

/**
 * Changes a bell schedule and its periods' times against the version seen. The school's default
 * schedule keeps every period that sections meet in: leaving one out is refused, naming them.
 */
export async function changeBellSchedule(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, bellScheduleId: number, input: BellScheduleInput, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    const before = await bellScheduleForUpdate(trx, actor.districtId, schoolId, bellScheduleId);
    if (!before) throw notFound('This bell schedule');
    if (before.version !== expectedVersion) throw staleVersion(`the ${before.name} bell schedule`, 'the bell schedules');
    if (await bellScheduleNamed(trx, actor.districtId, schoolId, input.name, bellScheduleId)) throw nameTaken(input.name, school.name);
    const times = await timesOf(trx, actor.districtId, schoolId, input);
    const left = (await bellTimesOf(trx, actor.districtId, bellScheduleId)).map((t) => t.period_id).filter((id) => !times.some((t) => t.periodId === id));
    if (input.isDefault && left.length) {
      const { sections } = await periodDependents(trx, actor.districtId, left);
      if (sections.length) {
        throw dependedOn('period-in-use', `Sections meet in a period left out of ${input.name}`, `A period left out of the default bell schedule`, 'body.periods', { sections: sections.length }, 'it stays in the default bell schedule', { sections: sections.map((s) => s.name) });
      }
    }
    await updateBellSchedule(trx, actor.districtId, bellScheduleId, expectedVersion, input);
    if (input.isDefault) await clearDefaultBellSchedule(trx, actor.districtId, schoolId, bellScheduleId);
    await replaceBellTimes(trx, actor.districtId, bellScheduleId, times);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'bell-schedule', entityId: bellScheduleId, schoolId, reason: 'school setup: bell schedules', details: { from: { name: before.name, isDefault: before.is_default }, to: input } });
    return describeBells(trx, actor.districtId, schoolId);
  });
}
