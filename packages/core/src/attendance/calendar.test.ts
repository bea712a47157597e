import { describe, expect, it } from 'vitest';
import { calendarDayIn, startOfDayIn } from './calendar.ts';

const LA = 'America/Los_Angeles';

describe("a district's calendar day", () => {
  // The instants where UTC's day and Los Angeles' differ, and the two changes of clocks (2026:
  // spring forward 8 March, fall back 1 November, both at 02:00 local).
  it.each([
    ['2026-12-07T00:30:00Z', '2026-12-06', 'Sunday 16:30 in Los Angeles is Monday 00:30 UTC'],
    ['2026-12-07T07:30:00Z', '2026-12-06', '23:30 in Los Angeles'],
    ['2026-12-07T07:59:59Z', '2026-12-06', 'the last second of Sunday in Los Angeles'],
    ['2026-12-07T08:00:00Z', '2026-12-07', 'midnight in Los Angeles (standard time)'],
    ['2026-03-08T07:59:59Z', '2026-03-07', 'the evening before spring forward'],
    ['2026-03-08T08:00:00Z', '2026-03-08', 'the day clocks spring forward begins at 08:00 UTC'],
    ['2026-03-09T06:59:59Z', '2026-03-08', 'the short day ends at 07:00 UTC'],
    ['2026-03-09T07:00:00Z', '2026-03-09', 'the first midnight of daylight time'],
    ['2026-11-01T06:59:59Z', '2026-10-31', 'the evening before fall back'],
    ['2026-11-01T07:00:00Z', '2026-11-01', 'the day clocks fall back begins at 07:00 UTC'],
    ['2026-11-02T07:59:59Z', '2026-11-01', 'the long day lasts 25 hours'],
    ['2026-11-02T08:00:00Z', '2026-11-02', 'standard time again'],
  ])('%s is %s in Los Angeles (%s)', (instant, day) => {
    expect(calendarDayIn(new Date(instant), LA)).toBe(day);
  });

  it('is the UTC day only in UTC', () => {
    expect(calendarDayIn(new Date('2026-12-07T00:30:00Z'), 'UTC')).toBe('2026-12-07');
    expect(calendarDayIn(new Date('2026-12-06T23:30:00Z'), 'Pacific/Auckland')).toBe('2026-12-07');
  });

  it('answers each instant of a minute alike, and the next minute anew', () => {
    expect(calendarDayIn(new Date('2026-12-07T07:59:00Z'), LA)).toBe('2026-12-06');
    expect(calendarDayIn(new Date('2026-12-07T07:59:59.999Z'), LA)).toBe('2026-12-06');
    expect(calendarDayIn(new Date('2026-12-07T08:00:00Z'), LA)).toBe('2026-12-07');
    expect(calendarDayIn(new Date('2026-12-07T07:59:30Z'), 'UTC')).toBe('2026-12-07');
  });

  it('finds midnight within a minute where the offset was not whole minutes (local mean time, 1880)', () => {
    // Los Angeles kept UTC−7:52:58 then: its midnight fell at 07:52:58 UTC.
    expect(calendarDayIn(new Date('1880-06-02T07:52:30Z'), LA)).toBe('1880-06-01');
    expect(calendarDayIn(new Date('1880-06-02T07:52:59Z'), LA)).toBe('1880-06-02');
  });

  it('refuses a time zone that is not one', () => {
    expect(() => calendarDayIn(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it.each([
    ['2026-12-07', '2026-12-07T08:00:00.000Z'],
    ['2026-03-08', '2026-03-08T08:00:00.000Z'],
    ['2026-03-09', '2026-03-09T07:00:00.000Z'],
    ['2026-11-01', '2026-11-01T07:00:00.000Z'],
    ['2026-11-02', '2026-11-02T08:00:00.000Z'],
  ])('%s begins at %s in Los Angeles', (day, instant) => {
    expect(startOfDayIn(day, LA).toISOString()).toBe(instant);
  });

  it('starts a day whose midnight does not exist at the change of clocks', () => {
    // Santiago springs forward at midnight: 2026-09-06 begins at 01:00 local, 04:00 UTC.
    expect(startOfDayIn('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(calendarDayIn(new Date(startOfDayIn('2026-09-06', 'America/Santiago').getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });
});
