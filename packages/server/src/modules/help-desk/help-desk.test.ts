import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { FAILED_REQUESTS_KEPT, rememberFailedRequest } from './help-desk.repository.ts';

const API_TOKEN = 'hr_Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MEFCQ0RFRmdoaWprbA';
const SESSION = 'Qm9uam91ckxlTW9uZGUxMjM0NTY3ODkwYWJjZGVmZ2hpams';

describe.each(testDatabaseKinds())('the help desk on the %s database', (kind) => {
  const t = withTestApp(kind);
  let teacher: SignedIn;
  let helpdesk: SignedIn;
  let principal: SignedIn;
  const signIns = async () => {
    teacher ??= await signInAs(t.app, 'teacher');
    helpdesk ??= await signInAs(t.app, 'helpdesk');
    principal ??= await signInAs(t.app, 'principal');
  };
  const tickets = () => t.db.selectFrom('help_desk_ticket').selectAll().where('district_id', '=', t.world.districtId).execute();

  const report = (headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url: '/api/help-desk/tickets', headers, payload });

  it('keeps the failed requests of a person, by route and problem code, with the request id the browser saw', async () => {
    await signIns();
    const failed = await t.app.inject({ method: 'GET', url: '/api/sections/999999/attendance', headers: teacher.headers });
    expect(failed.statusCode).toBe(404);
    const requestId = failed.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const list = await t.app.inject({ method: 'GET', url: `/api/help-desk/users/${t.world.users.teacher}/failed-requests`, headers: helpdesk.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().failedRequests[0]).toMatchObject({ method: 'GET', route: '/api/sections/:sectionId/attendance', status: 404, code: 'not-found', requestId });
    expect(list.body).not.toContain('999999');
    // Only the help desk reads them.
    expect((await t.app.inject({ method: 'GET', url: `/api/help-desk/users/${t.world.users.teacher}/failed-requests`, headers: principal.headers })).statusCode).toBe(403);
  });

  it('keeps at most the last 50 per person', async () => {
    for (let i = 0; i < FAILED_REQUESTS_KEPT.perUser + 5; i++) {
      await rememberFailedRequest(t.db, { districtId: t.world.districtId, userId: t.world.users.clerk!, method: 'GET', route: '/api/x', status: 500, code: `code-${i}`, requestId: `r-${i}` });
    }
    const rows = await t.db.selectFrom('failed_request').select('problem_code').where('user_id', '=', t.world.users.clerk!).orderBy('id').execute();
    expect(rows).toHaveLength(FAILED_REQUESTS_KEPT.perUser);
    expect(rows[0]!.problem_code).toBe('code-5');
  });

  it('takes a report with its context, removes anything resembling a secret, and says it is urgent when a class cannot take attendance', async () => {
    await signIns();
    const response = await report(teacher.headers, {
      whatHappened: `Period 2 attendance will not save. My password is hunter2, the token ${API_TOKEN}`,
      context: {
        screen: `/sections/${t.world.section}/attendance?session=${SESSION}`,
        records: [{ kind: 'section', id: t.world.section }],
        failedRequests: [{ method: 'PUT', route: `/api/sections/${t.world.section}/attendance/2026-09-01`, status: 500, code: 'internal-error', requestId: '3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b', at: '2026-09-01T15:05:00.000Z' }],
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) Chrome/130 homeroom_session=${SESSION}`,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { ticket, secretsRemoved } = response.json();
    expect(secretsRemoved).toBe(3);
    expect(ticket).toMatchObject({ priority: 'urgent', priorityReason: 'A class cannot take attendance', status: 'open', screen: '/sections/:id/attendance', reporter: { username: 'teacher' } });
    expect(ticket.failedRequests[0].route).toBe('/api/sections/:id/attendance/:id');
    const stored = JSON.stringify(await tickets());
    for (const secret of ['hunter2', API_TOKEN, SESSION]) expect(stored).not.toContain(secret);
    const audit = await t.db.selectFrom('audit_event').select(['entity_id', 'details']).where('action', '=', 'report-problem').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_id: String(ticket.id), details: { priority: 'urgent', secretsRemoved: 3 } });
  });

  it('refuses a field it does not know (a password, a token) and an id that is not a request id, writing nothing', async () => {
    await signIns();
    const before = (await tickets()).length;
    const context = { screen: '/', records: [], failedRequests: [], userAgent: null };
    const withPassword = await report(teacher.headers, { whatHappened: 'Cannot sign in', context: { ...context, password: 'hunter2' } });
    expect(withPassword.statusCode).toBe(400);
    expect(withPassword.json().errors).toContainEqual(expect.objectContaining({ field: 'body.context' }));
    const withToken = await report(teacher.headers, { whatHappened: 'Broken', sessionToken: SESSION, context });
    expect(withToken.statusCode).toBe(400);
    const tokenAsRequestId = await report(teacher.headers, { whatHappened: 'Broken', context: { ...context, failedRequests: [{ method: 'GET', route: '/api/x', status: 500, code: 'internal-error', requestId: SESSION, at: '2026-09-01T15:05:00.000Z' }] } });
    expect(tokenAsRequestId.statusCode).toBe(400);
    expect(JSON.stringify(tokenAsRequestId.json().errors)).toContain('requestId');
    expect(await tickets()).toHaveLength(before);
  });

  it('runs a ticket from the queue to resolved: assigned, answered, noted, resolved; the reporter sees its progress but not the notes', async () => {
    await signIns();
    const created = (await report(teacher.headers, { whatHappened: 'The roster page is slow', context: { screen: '/sections', records: [], failedRequests: [], userAgent: null } })).json().ticket;
    expect(created.priority).toBe('normal');

    const queue = await t.app.inject({ method: 'GET', url: '/api/help-desk/tickets?status=open&priority=normal', headers: helpdesk.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().tickets.map((x: { id: number }) => x.id)).toContain(created.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/help-desk/tickets', headers: teacher.headers })).statusCode).toBe(403);

    const patch = (version: number, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/help-desk/tickets/${created.id}`, headers: { ...helpdesk.headers, 'if-match': `"${version}"` }, payload });
    const assigned = await patch(created.version, { assigneeId: t.world.users.helpdesk, status: 'in-progress', priority: 'high', priorityReason: 'Whole school affected' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'in-progress', priority: 'high', assignee: { username: 'helpdesk' } });
    expect((await patch(created.version, { status: 'waiting' })).statusCode).toBe(412);
    expect((await patch(assigned.json().version, { assigneeId: t.world.users.teacher })).json().code).toBe('not-a-help-desk-agent');

    const answer = (headers: Record<string, string>, kind: string, body: string) => t.app.inject({ method: 'POST', url: `/api/help-desk/tickets/${created.id}/answers`, headers, payload: { kind, body } });
    expect((await answer(helpdesk.headers, 'note', 'Probably the index on rosters')).statusCode).toBe(201);
    const answered = await answer(helpdesk.headers, 'answer', 'Fixed; please reload.');
    expect(answered.json().firstAnsweredAt).not.toBeNull();
    expect((await answer(teacher.headers, 'note', 'sneaky')).statusCode).toBe(403);
    const resolved = await patch(answered.json().version, { status: 'resolved' });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect(resolved.json().resolvedAt).not.toBeNull();

    const mine = await t.app.inject({ method: 'GET', url: '/api/help-desk/my-tickets', headers: teacher.headers });
    expect(mine.json().tickets.find((x: { id: number }) => x.id === created.id)).toMatchObject({ status: 'resolved' });
    const seen = (await t.app.inject({ method: 'GET', url: `/api/help-desk/tickets/${created.id}`, headers: teacher.headers })).json();
    expect(seen.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'status', 'priority', 'assignment', 'answer', 'status']);
    expect(JSON.stringify(seen)).not.toContain('index on rosters');
    // Someone else's ticket does not exist for a principal.
    expect((await t.app.inject({ method: 'GET', url: `/api/help-desk/tickets/${created.id}`, headers: principal.headers })).statusCode).toBe(404);
  });

  it('links "view as" from a ticket to the ticket in the audit trail, only for its reporter', async () => {
    await signIns();
    const created = (await report(teacher.headers, { whatHappened: 'I see the wrong class', context: { screen: '/sections', records: [], failedRequests: [], userAgent: null } })).json().ticket;
    const agent = await signInAs(t.app, 'helpdesk');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent.headers, payload: { username: 'principal', reason: 'From the ticket', ticketId: created.id } });
    expect(wrong.statusCode).toBe(404);
    const viewing = await t.app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent.headers, payload: { username: 'teacher', reason: 'From the ticket', ticketId: created.id } });
    expect(viewing.statusCode, viewing.body).toBe(200);
    const audit = await t.db.selectFrom('audit_event').select(['entity_id', 'details', 'user_id']).where('action', '=', 'view-as-start').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_id: String(t.world.users.teacher), details: { ticketId: created.id }, user_id: t.world.users.helpdesk });
    // Viewing as the teacher is read-only: it cannot report in their name, and its refusals are not the teacher's failed requests.
    const asTeacher = await report(agent.headers, { whatHappened: 'x'.repeat(10), context: { screen: '/', records: [], failedRequests: [], userAgent: null } });
    expect(asTeacher.json().code).toBe('read-only-view');
    const theirs = await t.db.selectFrom('failed_request').select('problem_code').where('user_id', '=', t.world.users.teacher!).execute();
    expect(theirs.map((r) => r.problem_code)).not.toContain('read-only-view');
  });

  it('puts a ticket waiting for its reporter back in the queue when they answer', async () => {
    await signIns();
    const created = (await report(teacher.headers, { whatHappened: 'Marks page shows nothing', context: { screen: '/', records: [], failedRequests: [], userAgent: null } })).json().ticket;
    const waiting = await t.app.inject({ method: 'PATCH', url: `/api/help-desk/tickets/${created.id}`, headers: { ...helpdesk.headers, 'if-match': `"${created.version}"` }, payload: { status: 'waiting' } });
    expect(waiting.json().status).toBe('waiting');
    const answered = await t.app.inject({ method: 'POST', url: `/api/help-desk/tickets/${created.id}/answers`, headers: teacher.headers, payload: { body: 'It is the fall final period' } });
    expect(answered.json()).toMatchObject({ status: 'open', firstAnsweredAt: null });
  });

  it("serves only its schools' users when the help desk is a school's", async () => {
    await signIns();
    const { password_hash } = await t.db.selectFrom('app_user').select('password_hash').where('id', '=', t.world.users.helpdesk!).executeTakeFirstOrThrow();
    const { id } = await t.db.insertInto('app_user').values({ district_id: t.world.districtId, username: 'south-desk', display_name: 'South desk', password_hash }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('user_role').values({ district_id: t.world.districtId, user_id: id, role: 'help-desk', school_id: t.world.schools.south }).execute();
    const southDesk = await signInAs(t.app, 'south-desk');
    const northTicket = (await report(teacher.headers, { whatHappened: 'North trouble', context: { screen: '/', records: [], failedRequests: [], userAgent: null } })).json().ticket;
    const southTicket = (await report((await signInAs(t.app, 'counselor')).headers, { whatHappened: 'South trouble', context: { screen: '/', records: [], failedRequests: [], userAgent: null } })).json().ticket;
    const queue = (await t.app.inject({ method: 'GET', url: '/api/help-desk/tickets', headers: southDesk.headers })).json().tickets.map((x: { id: number }) => x.id);
    expect(queue).toContain(southTicket.id);
    expect(queue).not.toContain(northTicket.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/help-desk/tickets/${northTicket.id}`, headers: southDesk.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/help-desk/users/${t.world.users.teacher}/failed-requests`, headers: southDesk.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/help-desk/users/${t.world.users.counselor}/failed-requests`, headers: southDesk.headers })).statusCode).toBe(200);
  });

  it("gives the district's figures: open tickets by priority, median times, this week's problem codes", async () => {
    await signIns();
    const admin = await signInAs(t.app, 'admin');
    const figures = await t.app.inject({ method: 'GET', url: '/api/help-desk/figures', headers: admin.headers });
    expect(figures.statusCode, figures.body).toBe(200);
    const body = figures.json();
    expect(body.openByPriority.urgent).toBeGreaterThanOrEqual(1);
    expect(body.medianMinutesToFirstAnswer).toBe(0);
    expect(body.medianMinutesToResolution).toBe(0);
    expect(body.topProblemCodes.length).toBeLessThanOrEqual(10);
    expect(body.topProblemCodes.map((c: { code: string }) => c.code)).toContain('not-found');
    expect((await t.app.inject({ method: 'GET', url: '/api/help-desk/figures', headers: teacher.headers })).statusCode).toBe(403);
  });
});
