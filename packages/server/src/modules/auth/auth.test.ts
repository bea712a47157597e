import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { issueApiToken } from '../../auth/sessions.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { createSmallDistrict, TEST_PASSWORD } from '../../testing/small-district.ts';

const sqlNow = (ago: string) => sql<Date>`now() - ${ago}::interval`;

describe.each(testDatabaseKinds())('accounts and sessions on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('signs in with a password and sets an HttpOnly, SameSite session cookie', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'teacher', password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'homeroom_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json().user.roles).toEqual([{ role: 'teacher', schoolId: world.schools.north }]);
    const session = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `homeroom_session=${cookie.value}` } });
    expect(session.json().user.username).toBe('teacher');
    const stored = await handle.db.selectFrom('user_session').select('id').execute();
    expect(stored.some((s) => s.id === cookie.value)).toBe(false);
  });

  it('notes when a session was last used at most once a minute, and ends a session idle for two hours', async () => {
    const signedIn = await signInAs(app, 'counselor');
    const sessionId = (await handle.db.selectFrom('user_session as s').innerJoin('app_user as u', 'u.id', 's.user_id').select('s.id').where('u.username', '=', 'counselor').orderBy('s.created_at', 'desc').executeTakeFirstOrThrow()).id;
    const lastSeen = async () => (await handle.db.selectFrom('user_session').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const seenAgo = (ago: string) => handle.db.updateTable('user_session').set({ last_seen_at: sqlNow(ago) }).where('id', '=', sessionId).execute();
    const ask = () => app.inject({ method: 'GET', url: '/api/auth/session', headers: signedIn.headers });

    await seenAgo('30 seconds');
    const recent = await lastSeen();
    expect((await ask()).statusCode).toBe(200);
    expect(await lastSeen()).toBe(recent);

    await seenAgo('5 minutes');
    const stale = await lastSeen();
    expect((await ask()).statusCode).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(stale + 4 * 60_000);

    await seenAgo('3 hours');
    expect((await ask()).statusCode).toBe(401);
    expect(await handle.db.selectFrom('user_session').select('id').where('id', '=', sessionId).executeTakeFirst()).toBeUndefined();
  });

  it('locks an account after five wrong passwords, with a clear message, and counts the lock-out even for the right one', async () => {
    const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'clerk', password }, remoteAddress: '10.1.1.1' });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'account-locked' });
    expect(locked.json().detail).toMatch(/unlocks at \d\d:\d\d UTC/);
  });

  it('limits wrong passwords from one address', async () => {
    for (let i = 0; i < 30; i++) await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: `nobody${i}`, password: 'x' }, remoteAddress: '10.2.2.2' });
    const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'teacher', password: TEST_PASSWORD }, remoteAddress: '10.2.2.2' });
    expect(response.statusCode).toBe(429);
    expect(response.json().code).toBe('too-many-sign-ins');
  });

  it('refuses a change without the CSRF token, and signs out everywhere', async () => {
    const first = await signInAs(app, 'principal');
    const second = await signInAs(app, 'principal');
    const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie: first.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf');
    const everywhere = await app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: first.headers });
    expect(everywhere.statusCode).toBe(200);
    expect(everywhere.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    const after = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: second.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('sign-in-required');
  });

  it('lets the help desk view as a teacher, read-only, and audits it as the agent', async () => {
    const agent = await signInAs(app, 'helpdesk');
    const direct = await app.inject({ method: 'GET', url: `/api/students/${world.students.avery}`, headers: agent.headers });
    expect(direct.statusCode).toBe(403);
    const start = await app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent.headers, payload: { username: 'teacher', reason: 'ticket 4411: roster looks empty' } });
    expect(start.statusCode).toBe(200);
    const seen = await app.inject({ method: 'GET', url: `/api/students/${world.students.avery}`, headers: agent.headers });
    expect(seen.statusCode).toBe(200);
    const write = await app.inject({ method: 'PATCH', url: `/api/students/${world.students.avery}`, headers: { ...agent.headers, 'if-match': '"1"' }, payload: { preferredName: 'X', reason: 'should not work' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('read-only-view');
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['user_id', 'role', 'viewing_as_user_id', 'action'])
      .where('student_id', '=', world.students.avery)
      .where('viewing_as_user_id', '=', world.users.teacher!)
      .execute();
    expect(audit).toEqual([{ user_id: world.users.helpdesk, role: 'help-desk', viewing_as_user_id: world.users.teacher, action: 'read' }]);
    expect((await app.inject({ method: 'DELETE', url: '/api/auth/view-as', headers: agent.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/students/${world.students.avery}`, headers: agent.headers })).statusCode).toBe(403);
  });

  it('accepts a scoped API token only where its scope is allowed, and not once revoked', async () => {
    const { token, id } = await issueApiToken(handle.db, { districtId: world.districtId, name: 'sis-sync', scopes: ['oneroster.read'], createdBy: world.users.admin! });
    const response = await app.inject({ method: 'GET', url: '/api/students', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('token-scope');
    await handle.db.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    const revoked = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });
});
