import { describe, expect, it } from 'vitest';
import { signInAs } from '../testing/http.ts';
import { withTestApp } from '../testing/test-app.ts';

/**
 * Reads that name students without a student in their path: each is an audited read of every
 * student it names, written by this request (rows counted before and after it).
 */
describe('reads that name students are audited', () => {
  const t = withTestApp('embedded');
  /** The rows the request writes besides its sign-in: who, what, and the students named. */
  async function auditOf(username: string, request: (headers: Record<string, string>) => Promise<{ statusCode: number; body: string }>) {
    const { headers } = await signInAs(t.app, username);
    const last = await t.db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const response = await request(headers);
    expect(response.statusCode, response.body).toBeLessThan(300);
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['user_id', 'action', 'entity', 'student_id', 'student_ids', 'school_id'])
      .where('id', '>', Number(last.id ?? 0))
      .orderBy('id')
      .execute();
    return { body: JSON.parse(response.body), rows };
  }

  it("a scheduling run's students left without a course they asked for", async () => {
    await t.db
      .insertInto('scheduling_run_unmet')
      .values([t.world.students.avery, t.world.students.blake].map((studentId) => ({ district_id: t.world.districtId, scheduling_run_id: t.world.schedulingRuns.north, student_id: studentId, course_id: t.world.course, required: true, reason: 'no seat' })))
      .execute();
    const { body, rows } = await auditOf('principal', (headers) => t.app.inject({ method: 'GET', url: `/api/scheduling-runs/${t.world.schedulingRuns.north}`, headers }));
    expect(body.unmet.map((u: { studentId: number }) => u.studentId).sort()).toEqual([t.world.students.avery, t.world.students.blake].sort());
    expect(rows).toEqual([
      { user_id: t.world.users.principal, action: 'list', entity: 'scheduling-run', student_id: null, student_ids: [t.world.students.avery, t.world.students.blake].sort((a, b) => a - b), school_id: t.world.schools.north },
    ]);
  });

  it("the help desk's account search: the students whose accounts it lists, and the search itself", async () => {
    const students = await auditOf('helpdesk', (headers) => t.app.inject({ method: 'GET', url: '/api/admin/users?search=stud', headers }));
    expect(students.body.users.map((u: { username: string }) => u.username)).toEqual(['student']);
    expect(students.rows).toEqual([{ user_id: t.world.users.helpdesk, action: 'search', entity: 'user', student_id: null, student_ids: [t.world.students.avery], school_id: null }]);
    const staff = await auditOf('helpdesk', (headers) => t.app.inject({ method: 'GET', url: '/api/admin/users?search=teach', headers }));
    expect(staff.rows).toEqual([{ user_id: t.world.users.helpdesk, action: 'search', entity: 'user', student_id: null, student_ids: null, school_id: null }]);
  });

  it('the students named as without a mark when final marks are posted', async () => {
    const { body, rows } = await auditOf('teacher', (headers) => t.app.inject({ method: 'POST', url: `/api/sections/${t.world.sections.taught}/marks/${t.world.gradingPeriods.final}/post`, headers }));
    const missing = body.missingMarks.map((m: { studentId: number }) => m.studentId).sort((a: number, b: number) => a - b);
    expect(missing.length).toBeGreaterThan(0);
    expect(rows).toContainEqual({ user_id: t.world.users.teacher, action: 'list', entity: 'mark', student_id: null, student_ids: missing, school_id: null });
  });

  it("the school's schedule report", async () => {
    const { body, rows } = await auditOf('principal', (headers) => t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.north}/schedule-report`, headers }));
    const named = [...new Set<number>([...body.studentsWithoutSchedule, ...body.requiredUnmet.map((r: { studentId: number }) => r.studentId)])].sort((a, b) => a - b);
    expect(named.length).toBeGreaterThan(0);
    expect(rows).toEqual([{ user_id: t.world.users.principal, action: 'list', entity: 'schedule', student_id: null, student_ids: named, school_id: t.world.schools.north }]);
  });

  it("a refused look at another school's student, asked in the query, is on the record under that student", async () => {
    const { headers } = await signInAs(t.app, 'principal');
    const last = await t.db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const response = await t.app.inject({ method: 'GET', url: `/api/audit-events?studentId=${t.world.students.devon}`, headers });
    expect(response.statusCode).toBe(404);
    const rows = await t.db.selectFrom('audit_event').select(['user_id', 'action', 'entity', 'student_id', 'details']).where('id', '>', Number(last.id ?? 0)).execute();
    expect(rows).toEqual([{ user_id: t.world.users.principal, action: 'refused', entity: 'GET /api/audit-events', student_id: t.world.students.devon, details: { params: { studentId: t.world.students.devon } } }]);
  });
});
