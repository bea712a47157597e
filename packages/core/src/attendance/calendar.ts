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
