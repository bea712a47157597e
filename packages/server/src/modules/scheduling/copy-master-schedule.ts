import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';

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
    const years = await trx.selectFrom('school_year').select(['id', 'name']).where('district_id', '=', actor.districtId).where('name', 'in', [input.fromYear, input.toYear]).execute();
    const from = years.find((y) => y.name === input.fromYear);
    const to = years.find((y) => y.name === input.toYear);
    if (!from || !to) throw new Problem(404, 'not-found', 'No such school year', `The district has no school year ${!from ? input.fromYear : input.toYear}.`);
    if (from.id === to.id) throw new Problem(400, 'same-year', 'Copy to another year', 'The years to copy from and to are the same.');
    const existing = await trx.selectFrom('section').select(sql<number>`count(*)::int`.as('n')).where('district_id', '=', actor.districtId).where('school_id', '=', schoolId).where('school_year_id', '=', to.id).executeTakeFirstOrThrow();
    if (existing.n > 0) throw new Problem(409, 'master-schedule-exists', `${input.toYear} already has a master schedule`, `The school has ${existing.n} sections in ${input.toYear}; nothing was copied.`);
    const start = (await trx.selectFrom('term').select(sql<string | null>`min(start_date)::text`.as('d')).where('district_id', '=', actor.districtId).where('school_year_id', '=', to.id).executeTakeFirstOrThrow()).d;
    if (start === null) throw new Problem(409, 'no-terms', `${input.toYear} has no terms yet`, `Set up the semesters of ${input.toYear} first, so that sections know when they meet; nothing was copied.`);
    const sections = await sql<{ old_id: number; new_id: number }>`
      with source as (
        select s.* from section s where s.district_id = ${actor.districtId} and s.school_id = ${schoolId} and s.school_year_id = ${from.id}
      ), inserted as (
        insert into section (district_id, school_id, school_year_id, course_id, code, capacity, room_id, is_locked, program)
        select district_id, school_id, ${to.id}, course_id, code, capacity, room_id, is_locked, program from source order by id
        returning id, code
      )
      select source.id as old_id, inserted.id as new_id from source join inserted on inserted.code = source.code`.execute(trx);
    if (sections.rows.length === 0) throw new Problem(409, 'nothing-to-copy', `${input.fromYear} has no master schedule at this school`, 'Nothing was copied.');
    const pairs = { old: sections.rows.map((r) => r.old_id), new: sections.rows.map((r) => r.new_id) };
    await sql`
      insert into section_meeting (district_id, section_id, term_id, period_id, days)
      select m.district_id, p.new_id, nt.id, m.period_id, m.days
      from unnest(${pairs.old}::bigint[], ${pairs.new}::bigint[]) as p(old_id, new_id)
      join section_meeting m on m.district_id = ${actor.districtId} and m.section_id = p.old_id
      join term ot on ot.district_id = m.district_id and ot.id = m.term_id
      join term nt on nt.district_id = m.district_id and nt.school_year_id = ${to.id} and nt.code = ot.code`.execute(trx);
    await sql`
      insert into section_teacher (district_id, section_id, staff_id, role, start_date)
      select t.district_id, p.new_id, t.staff_id, t.role, ${start}::date
      from unnest(${pairs.old}::bigint[], ${pairs.new}::bigint[]) as p(old_id, new_id)
      join section_teacher t on t.district_id = ${actor.districtId} and t.section_id = p.old_id and t.end_date is null`.execute(trx);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'master-schedule', entityId: `${schoolId}/${input.toYear}`, schoolId, details: { from: input.fromYear, sections: sections.rows.length } });
    return { sections: sections.rows.length, fromYear: input.fromYear, toYear: input.toYear };
  });
}
