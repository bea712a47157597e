import { describe, expect, it } from 'vitest';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe("a teacher's sections", () => {
  const t = withTestApp('embedded');
  it('lists the sections the teacher teaches today with periods and the roster count of today', async () => {
    const teacher = await signInAs(t.app, 'teacher');
    const response = await t.app.inject({ method: 'GET', url: '/api/me/sections', headers: teacher.headers });
    expect(response.statusCode, response.body).toBe(200);
    const { items, gradingPeriods } = response.json();
    expect(gradingPeriods.map((g: { code: string }) => g.code)).toEqual(['S1-P1', 'S1-F']);
    // Only ENG10-01 (not ENG10-02 at the same school); Casey left it, so two students.
    expect(items).toEqual([{ id: t.world.sections.taught, code: 'ENG10-01', course: { code: '230201', title: 'ENGLISH 10A' }, school: { id: t.world.schools.north, name: 'North High' }, periods: ['P1'], students: 2 }]);
  });

  it('is for teachers only', async () => {
    const counselor = await signInAs(t.app, 'counselor');
    expect((await t.app.inject({ method: 'GET', url: '/api/me/sections', headers: counselor.headers })).statusCode).toBe(403);
  });
});
