import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('students on the %s database', (kind) => {
  const t = withTestApp(kind);
  const names = (body: { items: Array<{ name: { first: string } }> }) => body.items.map((s) => s.name.first).sort();

  it('shows each role only the students it serves', async () => {
    const expectations: Record<string, string[]> = {
      admin: ['Avery', 'Blake', 'Casey', 'Devon'],
      principal: ['Avery', 'Blake', 'Casey'],
      'south-principal': ['Devon'],
      counselor: ['Devon'],
      teacher: ['Avery', 'Blake'],
      student: ['Avery'],
      parent: ['Avery'],
      'restricted-parent': [],
    };
    for (const [username, expected] of Object.entries(expectations)) {
      const { headers } = await signInAs(t.app, username);
      const response = await t.app.inject({ method: 'GET', url: '/api/students', headers });
      expect(response.statusCode, username).toBe(200);
      expect(names(response.json()), username).toEqual(expected);
    }
  });

  it('searches by name and id, pages with a limit, and flags directory opt-outs', async () => {
    const { headers } = await signInAs(t.app, 'admin');
    expect(names((await t.app.inject({ method: 'GET', url: '/api/students?search=riv', headers })).json())).toEqual(['Blake']);
    expect(names((await t.app.inject({ method: 'GET', url: '/api/students?search=1004', headers })).json())).toEqual(['Devon']);
    const page = (await t.app.inject({ method: 'GET', url: '/api/students?limit=2&sort=name', headers })).json();
    expect(page.items).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    const casey = (await t.app.inject({ method: 'GET', url: '/api/students?search=casey', headers })).json().items[0];
    expect(casey.directoryOptOut).toBe(true);
  });

  it('keeps one record for a transfer student, with both enrollments in the history', async () => {
    const { headers } = await signInAs(t.app, 'admin');
    const profile = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.devon}`, headers })).json();
    expect(profile.enrollments.map((e: { school: { name: string }; exited: unknown }) => [e.school.name, e.exited !== null])).toEqual([
      ['North High', true],
      ['South High', false],
    ]);
  });

  it('shows special education only to roles that serve the student in that capacity', async () => {
    const teacher = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.avery}`, headers: (await signInAs(t.app, 'teacher')).headers })).json();
    expect(teacher.programs.specialEducation).toBe(true);
    const clerk = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.avery}`, headers: (await signInAs(t.app, 'clerk')).headers })).json();
    expect(clerk.programs).not.toHaveProperty('specialEducation');
    expect(clerk.schedule.sections.map((s: { course: { code: string } }) => s.course.code)).toEqual(['230201']);
  });

  it('answers "what did the schedule look like on a date" from the effective-dated roster', async () => {
    const { headers } = await signInAs(t.app, 'admin');
    const now = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.casey}`, headers })).json();
    expect(now.schedule.sections).toEqual([]);
    const then = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.casey}?scheduleDate=2026-08-20`, headers })).json();
    expect(then.schedule.sections.map((s: { section: string }) => s.section)).toEqual(['ENG10-01']);
  });

  it('lets one of two counselors editing the same student win; the other gets 412 and changes nothing', async () => {
    const a = await signInAs(t.app, 'principal');
    const b = await signInAs(t.app, 'admin');
    const read = await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.blake}`, headers: a.headers });
    const etag = read.headers.etag as string;
    const [first, second] = await Promise.all([
      t.app.inject({ method: 'PATCH', url: `/api/students/${t.world.students.blake}`, headers: { ...a.headers, 'if-match': etag }, payload: { preferredName: 'Bee', reason: 'family request' } }),
      t.app.inject({ method: 'PATCH', url: `/api/students/${t.world.students.blake}`, headers: { ...b.headers, 'if-match': etag }, payload: { preferredName: 'B.', reason: 'family request' } }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 412]);
    const loser = first.statusCode === 412 ? first : second;
    expect(loser.json().code).toBe('stale-version');
    const after = (await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.blake}`, headers: a.headers })).json();
    expect(['Bee', 'B.']).toContain(after.name.preferred);
    expect(after.version).toBe(2);
    const missing = await t.app.inject({ method: 'PATCH', url: `/api/students/${t.world.students.blake}`, headers: a.headers, payload: { preferredName: 'C', reason: 'family request' } });
    expect(missing.statusCode).toBe(428);
    const updates = await t.db.selectFrom('audit_event').select(['action', 'reason']).where('student_id', '=', t.world.students.blake).where('action', '=', 'update').execute();
    expect(updates).toEqual([{ action: 'update', reason: 'family request' }]);
  });
});
