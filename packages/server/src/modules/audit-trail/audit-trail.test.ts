import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { calendarDayIn } from '@homeroom/core/attendance/index';
import { csvCell } from './export-audit-trail.ts';
import { withTestApp } from '../../testing/test-app.ts';

interface AuditPage {
  items: Array<{ id: number; occurredAt: string; user: { id: number; username: string } | null; action: string; entity: string; studentId: number | null; studentIds: number[] | null; reason: string | null }>;
  nextCursor: string | null;
}

describe.each(testDatabaseKinds())('the audit trail: search and export on the %s database', (kind) => {
  const t = withTestApp(kind);
  let admin: SignedIn;
  let principal: SignedIn;

  beforeAll(async () => {
    admin = await signInAs(t.app, 'admin');
    principal = await signInAs(t.app, 'principal');
    const counselor = await signInAs(t.app, 'counselor');
    for (const student of [t.world.students.avery, t.world.students.blake]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/students/${student}`, headers: admin.headers })).statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.devon}`, headers: counselor.headers })).statusCode).toBe(200);
    // 25 reads of Casey in one statement: one shared timestamp, so only the id orders them.
    await t.db
      .insertInto('audit_event')
      .values(Array.from({ length: 25 }, (_, i) => ({ district_id: t.world.districtId, user_id: t.world.users.principal!, role: 'school-admin', action: 'read', entity: 'transcript', entity_id: String(i), student_id: t.world.students.casey })))
      .execute();
  });
  const search = async (who: SignedIn, query: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/audit-events?${query}`, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<AuditPage>();
  };

  it("finds who read a student's record", async () => {
    const page = await search(admin, `studentId=${t.world.students.avery}`);
    expect(page.items.map((e) => [e.user?.username, e.action, e.entity])).toEqual([['admin', 'read', 'student']]);
    expect(page.nextCursor).toBeNull();
  });

  it('finds what one user did, by action and by time', async () => {
    const reads = await search(admin, `userId=${t.world.users.admin}&action=read`);
    expect(reads.items.map((e) => e.studentId).sort()).toEqual([t.world.students.avery, t.world.students.blake].sort());
    const signIns = await search(admin, `userId=${t.world.users.admin}&action=sign-in`);
    expect(signIns.items).toHaveLength(1);
    const today = calendarDayIn(new Date(), 'America/Los_Angeles');
    expect((await search(admin, `userId=${t.world.users.admin}&from=${today}&to=${today}`)).items.length).toBe(3);
    expect((await search(admin, `userId=${t.world.users.admin}&to=2020-01-01`)).items).toEqual([]);
  });

  it("reads a day as the district's day: an event at 16:30 in Los Angeles is on that day, though UTC's is the next", async () => {
    // 2026-12-07T00:30Z is Sunday 2026-12-06 16:30 in Los Angeles; 07:59Z is 23:59 the same Sunday.
    const at = ['2026-12-07T00:30:00Z', '2026-12-07T07:59:00Z', '2026-12-07T08:00:00Z'];
    await t.db
      .insertInto('audit_event')
      .values(at.map((occurredAt, i) => ({ district_id: t.world.districtId, user_id: t.world.users.counselor!, role: 'counselor', action: 'print', entity: 'late-day', entity_id: String(i), occurred_at: new Date(occurredAt) })))
      .execute();
    const on = async (day: string) => (await search(admin, `userId=${t.world.users.counselor}&action=print&from=${day}&to=${day}`)).items.map((e) => e.occurredAt).sort();
    expect(await on('2026-12-06')).toEqual(['2026-12-07T00:30:00.000Z', '2026-12-07T07:59:00.000Z']);
    expect(await on('2026-12-07')).toEqual(['2026-12-07T08:00:00.000Z']);
    const exported = await t.app.inject({ method: 'GET', url: `/api/audit-events/export?userId=${t.world.users.counselor}&action=print&from=2026-12-06&to=2026-12-06`, headers: admin.headers });
    expect(exported.body.trim().split('\r\n')).toHaveLength(3);
  });

  it('pages through the trail with a cursor, newest first, every row once, even with equal times', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = await search(admin, `studentId=${t.world.students.casey}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it("shows a school administrator only their school's students", async () => {
    const page = await search(principal, 'limit=500');
    const students = new Set(page.items.flatMap((e) => e.studentIds ?? [e.studentId]));
    expect(students.has(t.world.students.avery)).toBe(true);
    expect(students.has(t.world.students.devon)).toBe(false);
    expect(students.has(null)).toBe(false);
    const elsewhere = await t.app.inject({ method: 'GET', url: `/api/audit-events?studentId=${t.world.students.devon}`, headers: principal.headers });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('refuses other roles, a forged cursor and a backwards time range with problem documents', async () => {
    const teacher = await signInAs(t.app, 'teacher');
    expect((await t.app.inject({ method: 'GET', url: '/api/audit-events', headers: teacher.headers })).statusCode).toBe(403);
    const forged = await t.app.inject({ method: 'GET', url: `/api/audit-events?cursor=${Buffer.from('["yesterday", 5]').toString('base64url')}`, headers: admin.headers });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('bad-cursor');
    const backwards = await t.app.inject({ method: 'GET', url: '/api/audit-events?from=2026-10-01&to=2026-09-01', headers: admin.headers });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('query.from');
    const loose = await t.app.inject({ method: 'GET', url: '/api/audit-events?from=2026-10-01T08:00:00', headers: admin.headers });
    expect(loose.statusCode).toBe(400);
  });

  it('exports the trail as CSV, neutralises formulas, and records the export', async () => {
    await t.db
      .insertInto('audit_event')
      .values({ district_id: t.world.districtId, user_id: t.world.users.admin!, role: 'district-admin', action: 'correct', entity: 'mark', student_id: t.world.students.blake, reason: '=HYPERLINK("http://evil.example","click")' })
      .execute();
    const response = await t.app.inject({ method: 'GET', url: `/api/audit-events/export?studentId=${t.world.students.blake}`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="homeroom-audit-trail-\d{4}-\d\d-\d\d\.csv"/);
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe('occurred_at,user_id,username,role,viewing_as_user_id,action,entity,entity_id,student_id,school_id,ip,reason,details,student_ids');
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    // The export's own row is written first, so it leads the file.
    expect(lines[1]).toContain(',export,audit-trail,');
    const recorded = await t.db.selectFrom('audit_event').select(['user_id', 'student_id', 'details']).where('action', '=', 'export').where('entity', '=', 'audit-trail').execute();
    expect(recorded).toContainEqual({ user_id: t.world.users.admin, student_id: t.world.students.blake, details: expect.objectContaining({ studentId: t.world.students.blake }) });
  });

  it('streams an export longer than one batch', async () => {
    await t.db
      .insertInto('audit_event')
      .values(Array.from({ length: 2100 }, () => ({ district_id: t.world.districtId, user_id: t.world.users.teacher!, role: 'teacher', action: 'list', entity: 'student', student_id: t.world.students.avery })))
      .execute();
    const response = await t.app.inject({ method: 'GET', url: `/api/audit-events/export?userId=${t.world.users.teacher}&action=list`, headers: admin.headers });
    expect(response.body.trim().split('\r\n')).toHaveLength(2101);
  });

  it('school administrators export only their students', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/audit-events/export', headers: principal.headers });
    expect(response.statusCode).toBe(200);
    // A row names its student in the 9th column, or the students of a list in the last.
    const studentIds = new Set(response.body.trim().split('\r\n').slice(1).flatMap((line) => (line.split(',')[8] || line.split(',').at(-1)!).split(' ')));
    expect(studentIds.has(String(t.world.students.devon))).toBe(false);
    expect(studentIds.has('')).toBe(false);
  });

  describe('an event about many students at once: one row that names them', () => {
    const byId = (a: number, b: number) => a - b;
    let everyone: number[];
    let north: number[];

    beforeAll(async () => {
      // The district administrator's search of every student: one page, one event.
      const listing = await t.app.inject({ method: 'GET', url: '/api/students?limit=500', headers: admin.headers });
      expect(listing.statusCode, listing.body).toBe(200);
      everyone = listing.json<{ items: Array<{ id: number }> }>().items.map((s) => s.id).sort(byId);
      const { avery, blake, casey, devon } = t.world.students;
      expect(everyone).toEqual([avery, blake, casey, devon].sort(byId));
      north = [avery, blake, casey].sort(byId);
    });

    it('is found by a search for any one of its students, and shows them all to the district administrator', async () => {
      for (const student of everyone) {
        const page = await search(admin, `studentId=${student}&userId=${t.world.users.admin}&action=list`);
        expect(page.items.map((e) => [e.entity, e.studentId, e.studentIds])).toEqual([['student', null, everyone]]);
      }
    });

    it("shows a school administrator only their school's students on it, and not an event with none of theirs", async () => {
      const listsBy = async (who: SignedIn, userId: number) => (await search(who, `userId=${userId}&action=list`)).items.map((e) => e.studentIds);
      expect(await listsBy(principal, t.world.users.admin!)).toEqual([north]);
      expect((await search(principal, `studentId=${t.world.students.casey}&userId=${t.world.users.admin}&action=list`)).items.map((e) => e.studentIds)).toEqual([north]);
      const southPrincipal = await signInAs(t.app, 'south-principal');
      expect(await listsBy(southPrincipal, t.world.users.admin!)).toEqual([[t.world.students.devon]]);
      // A list of South's students alone is not North's principal's to see, even that it happened.
      await t.db.insertInto('audit_event').values({ district_id: t.world.districtId, user_id: t.world.users.counselor!, role: 'counselor', action: 'list', entity: 'schedule', student_ids: [t.world.students.devon] }).execute();
      expect(await listsBy(principal, t.world.users.counselor!)).toEqual([]);
      expect(await listsBy(southPrincipal, t.world.users.counselor!)).toEqual([[t.world.students.devon]]);
      expect(await listsBy(admin, t.world.users.counselor!)).toEqual([[t.world.students.devon]]);
    });

    it('is exported with its students in the last column, separated by spaces, only those in scope', async () => {
      const exported = async (who: SignedIn) => {
        const response = await t.app.inject({ method: 'GET', url: `/api/audit-events/export?userId=${t.world.users.admin}&action=list`, headers: who.headers });
        expect(response.statusCode).toBe(200);
        return response.body.trim().split('\r\n').slice(1).map((line) => line.split(','));
      };
      const [adminRow, ...adminRest] = await exported(admin);
      expect(adminRest).toEqual([]);
      expect([adminRow![8], adminRow!.at(-1)]).toEqual(['', everyone.join(' ')]);
      expect((await exported(principal)).map((cells) => cells.at(-1))).toEqual([north.join(' ')]);
    });
  });
});

describe('a CSV cell', () => {
  it.each([
    [null, ''],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [{ a: 1 }, '"{""a"":1}"'],
  ])('%j becomes %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});
