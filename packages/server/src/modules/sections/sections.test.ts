import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';

describe("a teacher's sections", () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('lists the sections the teacher teaches today with periods and the roster count of today', async () => {
    const teacher = await signInAs(app, 'teacher');
    const response = await app.inject({ method: 'GET', url: '/api/me/sections', headers: teacher.headers });
    expect(response.statusCode, response.body).toBe(200);
    const { items, gradingPeriods } = response.json();
    expect(gradingPeriods.map((g: { code: string }) => g.code)).toEqual(['S1-P1', 'S1-F']);
    // Only ENG10-01 (not ENG10-02 at the same school); Casey left it, so two students.
    expect(items).toEqual([{ id: world.sections.taught, code: 'ENG10-01', course: { code: '230201', title: 'ENGLISH 10A' }, school: { id: world.schools.north, name: 'North High' }, periods: ['P1'], students: 2 }]);
  });

  it('is for teachers only', async () => {
    const counselor = await signInAs(app, 'counselor');
    expect((await app.inject({ method: 'GET', url: '/api/me/sections', headers: counselor.headers })).statusCode).toBe(403);
  });
});
