import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type SignedIn } from '../testing/http.ts';
import { withTestApp } from '../testing/test-app.ts';

describe("a teacher's sections are theirs from the day the assignment starts", () => {
  const t = withTestApp('embedded');
  let teacher: SignedIn;
  beforeAll(async () => {
    const assign = (sectionId: number, start: ReturnType<typeof sql<string>>) =>
      t.db.insertInto('section_teacher').values({ district_id: t.world.districtId, section_id: sectionId, staff_id: sql<number>`(select staff_id from app_user where id = ${t.world.users.teacher})`, start_date: start }).execute();
    // Handed a class from next week, and another since yesterday.
    await assign(t.world.sections.northOther, sql<string>`current_date + 7`);
    await assign(t.world.sections.south, sql<string>`current_date - 1`);
    teacher = await signInAs(t.app, 'teacher');
  });
  const marks = (sectionId: number) => `/api/sections/${sectionId}/marks/${t.world.gradingPeriods.progress}`;

  it('neither reads nor marks a section before the assignment starts', async () => {
    const read = await t.app.inject({ method: 'GET', url: marks(t.world.sections.northOther), headers: teacher.headers });
    expect(read.statusCode, read.body).toBe(404);
    const mark = await t.app.inject({ method: 'PUT', url: marks(t.world.sections.northOther), headers: teacher.headers, payload: { marks: [{ studentId: t.world.students.avery, mark: 'B' }] } });
    expect(mark.statusCode, mark.body).toBe(404);
  });

  it('reads a section whose assignment has started', async () => {
    const read = await t.app.inject({ method: 'GET', url: marks(t.world.sections.south), headers: teacher.headers });
    expect(read.statusCode, read.body).toBe(200);
  });
});
