/** Calendar dates as ISO strings (YYYY-MM-DD): they compare in order as text, with no time zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function addDays(day: IsoDate, days: number): IsoDate {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The letter a bell schedule uses for a weekday: M T W R F, S for Saturday, U for Sunday. */
export function weekdayLetter(day: IsoDate): string {
  return 'UMTWRFS'[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}

/** An effective-dated interval: from `start` up to, not including, `end` (open when null). */
export interface DateInterval {
  start: IsoDate;
  end: IsoDate | null;
}

export function within(day: IsoDate, interval: DateInterval): boolean {
  return interval.start <= day && (interval.end === null || day < interval.end);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone that is not an IANA name, which is what a caller should see.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: Date, timeZone: string): { day: IsoDate; msSinceUtcEpochAsLocal: number } {
  const parts: Record<string, string> = {};
  for (const part of dayFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return { day, msSinceUtcEpochAsLocal: local };
}

/**
 * The calendar day at an instant in a time zone (an IANA name such as America/Los_Angeles): a
 * school's day begins at its own midnight, so at 16:05 on a Sunday in Los Angeles it is Sunday
 * there though Monday in UTC. Every "today" in Homeroom is this, with the district's zone.
 */
export function calendarDayIn(instant: Date, timeZone: string): IsoDate {
  const ms = instant.getTime();
  const minute = Math.floor(ms / 60_000);
  const known = dayThisMinute.get(timeZone);
  if (known?.minute === minute) return known.day;
  const { day, msSinceUtcEpochAsLocal } = wallClock(instant, timeZone);
  // A zone whose offset is whole minutes (every zone since the local mean times of the 1800s) has
  // the same day for the whole of a UTC minute: kept for the next instant of that minute.
  if ((msSinceUtcEpochAsLocal - Math.floor(ms / 1000) * 1000) % 60_000 === 0) dayThisMinute.set(timeZone, { minute, day });
  return day;
}

/**
 * The day last worked out in each zone, for its UTC minute: every signed-in request asks for
 * today, and formatting the instant in the zone cost more of the server than its session lookup.
 */
const dayThisMinute = new Map<string, { minute: number; day: IsoDate }>();

/**
 * The instant a calendar day begins in a time zone: the lower bound of "on that day" for times
 * kept as instants (the audit trail). On a day when the clocks change at midnight, the first
 * instant that day has.
 */
export function startOfDayIn(day: IsoDate, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  // The zone's offset can differ between the guess and the answer (a change of clocks between
  // them), so correct twice; a third pass never moves.
  let guess = midnightAsUtc;
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(new Date(guess), timeZone).msSinceUtcEpochAsLocal - guess;
    guess = midnightAsUtc - offset;
  }
  // Where midnight does not exist (clocks jump forward at 00:00), the day starts at the jump.
  if (calendarDayIn(new Date(guess), timeZone) < day) guess += 3600_000;
  return new Date(guess);
}
