import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { bellSchedules, room } from '@homeroom/core/api/catalog';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { schoolText } from '../../http/text.ts';
import { schoolBellSchedules, schoolPeriods, schoolRooms } from './school-places.repository.ts';
import { SETUP_READERS } from './setup-access.ts';

const shortCode = z.string().trim().regex(/^[A-Za-z0-9-]{1,12}$/, 'letters, digits and hyphens, at most 12');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 08:05');

export const roomInput = z.strictObject({
  code: shortCode,
  name: schoolText(80).nullable().default(null),
  kind: z.string().trim().regex(/^[a-z][a-z-]{1,29}$/, 'a kind of room in lower-case words, such as classroom or lab').default('classroom'),
  capacity: z.number().int().min(1, 'must seat at least 1').max(1000),
});
export const periodInput = z.strictObject({ code: shortCode, name: schoolText(40), sortOrder: z.number().int().min(0).max(99) });
export const bellScheduleInput = z.strictObject({
  name: schoolText(60),
  isDefault: z.boolean().default(false),
  /** Each period's bell times on days of this schedule, by the period's code. */
  periods: z.array(z.strictObject({ code: shortCode, startsAt: clock, endsAt: clock })).max(20).default([]),
});
export type RoomInput = z.output<typeof roomInput>;
export type PeriodInput = z.output<typeof periodInput>;
export type BellScheduleInput = z.output<typeof bellScheduleInput>;

type RoomRow = Awaited<ReturnType<typeof schoolRooms>>[number];
export const describeRoom = (r: RoomRow): z.input<typeof room> => ({ id: r.id, schoolId: r.school_id, code: r.code, name: r.name, kind: r.room_type, capacity: r.capacity, sections: r.sections ?? 0, version: r.version });

/** A school's rooms, with how many of this year's and next year's sections meet in each. */
export async function viewRooms(db: Kysely<Database>, actor: Actor, schoolId: number) {
  await requireSchool(db, actor, schoolId, SETUP_READERS);
  return { schoolId, items: (await schoolRooms(db, actor.districtId, schoolId)).map(describeRoom) };
}

/** A school's periods and its bell schedules with each period's bell times. */
export async function describeBells(db: Handle, districtId: number, schoolId: number): Promise<z.input<typeof bellSchedules>> {
  const periods = await schoolPeriods(db, districtId, schoolId);
  const { schedules, times } = await schoolBellSchedules(db, districtId, schoolId);
  return {
    schoolId,
    periods: periods.map((p) => ({ id: p.id, code: p.code, name: p.name, sortOrder: p.sort_order, sections: p.sections ?? 0, version: p.version })),
    bellSchedules: schedules.map((s) => ({
      id: s.id, name: s.name, isDefault: s.is_default, version: s.version,
      periods: times.filter((t) => t.bell_schedule_id === s.id).map((t) => ({ periodId: t.period_id, code: t.code, startsAt: t.starts_at, endsAt: t.ends_at })),
    })),
  };
}

export async function viewBellSchedules(db: Kysely<Database>, actor: Actor, schoolId: number) {
  await requireSchool(db, actor, schoolId, SETUP_READERS);
  return describeBells(db, actor.districtId, schoolId);
}
