import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

// The counselor's and principal's first-morning worklist: who has no class at all, and who has a
// schedule that misses a required course.
describe.each(testDatabaseKinds())('students without a complete schedule on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  const as: Record<string, SignedIn> = {};
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    const d = world.districtId;
    const year = (await handle.db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
    // Avery must take Geometry this year, and no section of it has her in it.
    const { id: geometry } = await handle.db.insertInto('course').values({ district_id: d, code: 'GEOM', title: 'GEOMETRY', credits: '5', subject: 'math' }).returning('id').executeTakeFirstOrThrow();
    await handle.db.insertInto('course_request').values({ district_id: d, student_id: world.students.avery, school_id: world.schools.north, school_year_id: year, course_id: geometry, required: true, priority: 1, source: 'sequence' }).execute();
    for (const user of ['principal', 'counselor', 'teacher']) as[user] = await signInAs(app, user);
  });

  const list = (user: string, school: number) => app.inject({ method: 'GET', url: `/api/schools/${school}/incomplete-schedules`, headers: as[user]!.headers });

  it('lists students without any class first, then those missing a required course, and audits each one listed', async () => {
    const response = await list('principal', world.schools.north);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // Casey left her only class on September 1; Avery has English but not the Geometry she must take.
    expect(body.items.map((i: { name: { first: string } }) => i.name.first)).toEqual(['Casey', 'Avery']);
    expect(body).toMatchObject({ schoolYear: '2026-27', total: 2, withoutAnyClass: 1 });
    expect(body.items[1]).toMatchObject({ studentId: world.students.avery, localId: '1001', sections: 1, requestsMet: 0, requestsTotal: 1, requiredUnmet: [{ course: 'GEOM', title: 'GEOMETRY' }] });
    // The list is one event: one row naming exactly the students listed.
    const audited = await handle.db.selectFrom('audit_event').select(['student_id', 'student_ids']).where('action', '=', 'list').where('entity', '=', 'schedule').execute();
    expect(audited).toEqual([{ student_id: null, student_ids: [world.students.avery, world.students.casey].sort((a, b) => a - b) }]);
  });

  it("answers 'not found' for a school the counselor does not serve, and refuses teachers", async () => {
    expect((await list('counselor', world.schools.north)).statusCode).toBe(404);
    expect((await list('counselor', world.schools.south)).json()).toMatchObject({ total: 0, items: [] });
    expect((await list('teacher', world.schools.north)).statusCode).toBe(403);
  });
});
