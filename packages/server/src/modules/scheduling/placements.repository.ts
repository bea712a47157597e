import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { scheduleChangeStart } from './scheduling-run.repository.ts';

export interface SectionPlacement {
  sectionId: number;
  meetings: Array<{ termId: number; periodId: number }>;
  staffId: number | null;
  roomId: number | null;
  /** The teacher the section has now: the teacher rows change only when this differs. */
  previousStaffId: number | null;
}

/**
 * Gives sections their new periods, rooms and teachers in a few statements, whether one hand move
 * or a whole build. Teaching is effective-dated: the old teacher's row ends on the day the change
 * takes effect and the new one starts then; a row that had not started yet never happened, so it
 * goes. Each placed section's version goes up, so an edit opened before it is refused.
 */
export async function applyPlacements(trx: Transaction<Database>, districtId: number, schoolYearId: number, placements: SectionPlacement[], today: string): Promise<void> {
  if (placements.length === 0) return;
  const ids = placements.map((p) => p.sectionId);
  const meetings = placements.flatMap((p) => p.meetings.map((m) => ({ section: p.sectionId, ...m })));
  await sql`delete from section_meeting where district_id = ${districtId} and section_id = any(${ids}::bigint[])`.execute(trx);
  if (meetings.length) {
    await sql`insert into section_meeting (district_id, section_id, term_id, period_id)
      select ${districtId}, u.s, u.t, u.p from unnest(${meetings.map((m) => m.section)}::bigint[], ${meetings.map((m) => m.termId)}::bigint[], ${meetings.map((m) => m.periodId)}::bigint[]) as u(s, t, p)`.execute(trx);
  }
  await sql`update section s set room_id = u.room, version = s.version + 1
    from unnest(${ids}::bigint[], ${placements.map((p) => p.roomId)}::bigint[]) as u(id, room)
    where s.district_id = ${districtId} and s.id = u.id`.execute(trx);
  const changed = placements.filter((p) => p.staffId !== p.previousStaffId);
  if (changed.length === 0) return;
  const effective = await scheduleChangeStart(trx, districtId, schoolYearId, today);
  const changedIds = changed.map((p) => p.sectionId);
  await sql`delete from section_teacher where district_id = ${districtId} and section_id = any(${changedIds}::bigint[]) and role = 'primary'
    and end_date is null and start_date >= ${effective}::date`.execute(trx);
  await sql`update section_teacher set end_date = ${effective}::date where district_id = ${districtId} and section_id = any(${changedIds}::bigint[])
    and role = 'primary' and end_date is null`.execute(trx);
  const assigned = changed.filter((p) => p.staffId !== null);
  if (assigned.length) {
    await sql`insert into section_teacher (district_id, section_id, staff_id, role, start_date)
      select ${districtId}, u.s, u.t, 'primary', ${effective}::date from unnest(${assigned.map((p) => p.sectionId)}::bigint[], ${assigned.map((p) => p.staffId)}::bigint[]) as u(s, t)
      on conflict (district_id, section_id, staff_id, start_date) do update set end_date = null`.execute(trx);
  }
}
