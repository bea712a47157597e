import { afterEach, describe, expect, it } from 'vitest';
import { setDistrictTimeZone, todayIso } from './format.ts';

describe("the web app's today", () => {
  afterEach(() => setDistrictTimeZone(null));

  it("is the district's day, whatever the browser's zone or UTC says", () => {
    setDistrictTimeZone('America/Los_Angeles');
    // Monday 00:30 UTC is still Sunday afternoon in Los Angeles; 07:59 UTC its last minute.
    expect(todayIso(new Date('2026-12-07T00:30:00Z'))).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-07T07:59:00Z'))).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-07T08:00:00Z'))).toBe('2026-12-07');
    // The evening the clocks fall back, and the evening they spring forward.
    expect(todayIso(new Date('2026-11-02T07:30:00Z'))).toBe('2026-11-01');
    expect(todayIso(new Date('2026-03-09T06:30:00Z'))).toBe('2026-03-08');
  });

  it('is not guessed before the session tells the zone', () => {
    expect(() => todayIso(new Date('2026-12-07T00:30:00Z'))).toThrow(/time zone/);
  });
});
