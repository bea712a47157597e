import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase } from '../db/testing.ts';
import { signInAs, type SignedIn } from '../testing/http.ts';
import { createSmallDistrict } from '../testing/small-district.ts';

describe("a teacher's sections are theirs from the day the assignment starts", () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let teacher: SignedIn;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
    const assign = (sectionId: number, start: ReturnType<typeof sql<string>>) =>
      handle.db.insertInto('section_teacher').values({ district_id: world.districtId, section_id: sectionId, staff_id: sql<number>`(select staff_id from app_user where id = ${world.users.teacher})`, start_date: start }).execute();
    // Handed a class from next week, and another since yesterday.
    await assign(world.sections.northOther, sql<string>`current_date + 7`);
    await assign(world.sections.south, sql<string>`current_date - 1`);
    teacher = await signInAs(app, 'teacher');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const marks = (sectionId: number) => `/api/sections/${sectionId}/marks/${world.gradingPeriods.progress}`;

  it('neither reads nor marks a section before the assignment starts', async () => {
    const read = await app.inject({ method: 'GET', url: marks(world.sections.northOther), headers: teacher.headers });
    expect(read.statusCode, read.body).toBe(404);
    const mark = await app.inject({ method: 'PUT', url: marks(world.sections.northOther), headers: teacher.headers, payload: { marks: [{ studentId: world.students.avery, mark: 'B' }] } });
    expect(mark.statusCode, mark.body).toBe(404);
  });

  it('reads a section whose assignment has started', async () => {
    const read = await app.inject({ method: 'GET', url: marks(world.sections.south), headers: teacher.headers });
    expect(read.statusCode, read.body).toBe(200);
  });
});
