import { describe, expect, it } from 'vitest';
import { derivePriority, REMOVED, routeOf, scrubSecrets } from './report.ts';

describe('what a problem report may never keep', () => {
  it.each([
    ['my password is hunter2 and it fails', 'hunter2'],
    ['Password: "correct horse battery"', 'correct horse battery'],
    ['pwd=Sup3rSecret!', 'Sup3rSecret!'],
    ['the token hr_0123456789abcdefABCDEFghijkl_-xyz stopped', 'hr_0123456789abcdefABCDEFghijkl_-xyz'],
    ['Authorization: Bearer hro_abcDEF1234567890xyzXYZ', 'hro_abcDEF1234567890xyzXYZ'],
    ['cookie homeroom_session=Qm9uam91ciBsZSBtb25kZQ-abc', 'Qm9uam91ciBsZSBtb25kZQ-abc'],
    ['pasted eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl here', 'eyJhbGciOiJIUzI1NiJ9'],
    ['random 9fQx2LmZpA7wRt3KcVb8NyHd1sUe0JgO run', '9fQx2LmZpA7wRt3KcVb8NyHd1sUe0JgO'],
  ])('removes the secret in %j', (text, secret) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed.text).not.toContain(secret);
    expect(scrubbed.text).toContain(REMOVED);
    expect(scrubbed.removed).toBeGreaterThan(0);
  });

  it('keeps ordinary words, request ids and dates', () => {
    const text = 'Period 3 attendance would not save at 8:05 on 2026-09-01, request 3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b; counselor reassignment';
    expect(scrubSecrets(text)).toEqual({ text, removed: 0 });
  });

  it('keeps a path without its query and without the records in it', () => {
    expect(routeOf('/api/students/1234/attendance?token=abc#x')).toBe('/api/students/:id/attendance');
    expect(routeOf('/api/sections/55/attendance/2026-09-01')).toBe('/api/sections/:id/attendance/:id');
    expect(routeOf('/reset/9fQx2LmZpA7wRt3KcVb8NyHd1sUe0JgO')).toBe('/reset/:id');
  });
});

describe('how urgent a report is', () => {
  const none: never[] = [];
  it('is urgent when a class cannot take attendance', () => {
    expect(derivePriority({ whatHappened: 'It spins', screen: '/sections/:id/attendance', failedRequests: [{ method: 'PUT', route: '/api/sections/:sectionId/attendance/:date', status: 500, code: 'internal-error' }] })).toEqual({ priority: 'urgent', reason: 'A class cannot take attendance' });
    expect(derivePriority({ whatHappened: "I can't save attendance for period 2", screen: '/', failedRequests: none }).priority).toBe('urgent');
  });
  it('is urgent when a student has no schedule', () => {
    expect(derivePriority({ whatHappened: 'Two new students have no schedule', screen: '/students', failedRequests: none })).toEqual({ priority: 'urgent', reason: 'A student has no schedule' });
  });
  it('is high when the server failed, normal otherwise', () => {
    expect(derivePriority({ whatHappened: 'The page broke', screen: '/graduation', failedRequests: [{ method: 'GET', route: '/api/graduation', status: 500, code: 'internal-error' }] }).priority).toBe('high');
    expect(derivePriority({ whatHappened: 'The font is small', screen: '/', failedRequests: none }).priority).toBe('normal');
  });
});
