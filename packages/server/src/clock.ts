import { calendarDayIn, type IsoDate } from '@homeroom/core/attendance/index';
import type { Handle } from './db/handle.ts';
import { districtTimeZone } from './modules/district/district.repository.ts';

/**
 * Where Homeroom reads the time. The server is given one (the system's by default); tests give a
 * fixed one to stand at the instants where the district's day and UTC's differ.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always reads the same instant. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new Error(`fixedClock: ${String(instant)} is not an instant`);
  return { now: () => new Date(at) };
}

/**
 * What day it is for a district: its calendar day at the clock's instant in its own time zone,
 * never UTC's or the machine's. A request reads it once (`actor.today`); this is for work that has
 * no actor (the command line, jobs).
 */
export async function districtToday(db: Handle, districtId: number, clock: Clock = systemClock): Promise<IsoDate> {
  return calendarDayIn(clock.now(), await districtTimeZone(db, districtId));
}
