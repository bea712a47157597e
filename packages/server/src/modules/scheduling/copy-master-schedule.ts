import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { copyMeetings, copySections, copyTeachers, firstTermStart, schoolYearsNamed, sectionCountInYear } from './master-schedule.repository.ts';

export const copyMasterScheduleInput = z.strictObject({
  fromYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2026-27'),
  toYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2027-28'),
});

/**
 * Starts next year's master schedule from this year's: every section with its periods, teacher,
 * room, capacity and lock, in the same terms of the new year. The school then adjusts it (or the
 * master-schedule builder rebuilds it) and schedules students into it.
 */
export async function copyMasterSchedule(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: z.output<typeof copyMasterScheduleInput>) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, ['school-admin', 'district-admin']);
    const years = await schoolYearsNamed(trx, actor.districtId, [input.fromYear, input.toYear]);
    const from = years.find((y) => y.name === input.fromYear);
    const to = years.find((y) => y.name === input.toYear);
    if (!from || !to) throw new Problem(404, 'not-found', 'No such school year', `The district has no school year ${!from ? input.fromYear : input.toYear}.`);
    if (from.id === to.id) throw new Problem(400, 'same-year', 'Copy to another year', 'The years to copy from and to are the same.');
    const existing = await sectionCountInYear(trx, actor.districtId, schoolId, to.id);
    if (existing > 0) throw new Problem(409, 'master-schedule-exists', `${input.toYear} already has a master schedule`, `The school has ${existing} sections in ${input.toYear}; nothing was copied.`);
    const start = await firstTermStart(trx, actor.districtId, to.id);
    if (start === null) throw new Problem(409, 'no-terms', `${input.toYear} has no terms yet`, `Set up the semesters of ${input.toYear} first, so that sections know when they meet; nothing was copied.`);
    const sections = await copySections(trx, actor.districtId, schoolId, from.id, to.id);
    if (sections.length === 0) throw new Problem(409, 'nothing-to-copy', `${input.fromYear} has no master schedule at this school`, 'Nothing was copied.');
    const pairs = { old: sections.map((r) => r.old_id), new: sections.map((r) => r.new_id) };
    await copyMeetings(trx, actor.districtId, pairs, to.id);
    await copyTeachers(trx, actor.districtId, pairs, start);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'master-schedule', entityId: `${schoolId}/${input.toYear}`, schoolId, details: { from: input.fromYear, sections: sections.length } });
    return { sections: sections.length, fromYear: input.fromYear, toYear: input.toYear };
  });
}
