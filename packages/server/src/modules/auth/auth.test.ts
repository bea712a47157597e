import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { issueApiToken, PLAIN_HTTP_SESSION_COOKIE, SESSION_COOKIE } from '../../auth/sessions.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { TEST_PASSWORD } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

const sqlNow = (ago: string) => sql<Date>`now() - ${ago}::interval`;

describe.each(testDatabaseKinds())('accounts and sessions on the %s database', (kind) => {
  const t = withTestApp(kind);
  it('signs in with a password and sets a __Host-, Secure, HttpOnly, SameSite cookie that ends with the browser', async () => {
    // Sent as if by a proxy that ended https: the cookie is Secure because the server is set up so, not because of a header.
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'teacher', password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'http' } });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.map((c) => c.name)).toEqual([SESSION_COOKIE]);
    const cookie = response.cookies[0]!;
    expect(SESSION_COOKIE).toMatch(/^__Host-/);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
    // No Max-Age or Expires, and no Domain (which __Host- forbids).
    expect(cookie.maxAge).toBeUndefined();
    expect(cookie.expires).toBeUndefined();
    expect(cookie.domain).toBeUndefined();
    expect(response.json().user.roles).toEqual([{ role: 'teacher', schoolId: t.world.schools.north }]);
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
    expect(session.json().user.username).toBe('teacher');
    // The plain-http name is not read when cookies are secure: a cookie planted over http or by a sibling domain does nothing.
    const planted = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `${PLAIN_HTTP_SESSION_COOKIE}=${cookie.value}` } });
    expect(planted.statusCode).toBe(401);
    const stored = await t.db.selectFrom('user_session').select('id').execute();
    expect(stored.some((s) => s.id === cookie.value)).toBe(false);
    const signOut = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': response.json().csrfToken } });
    expect(signOut.statusCode).toBe(204);
    // A browser ignores the removal of a __Host- cookie that is not itself Secure.
    expect(signOut.cookies).toMatchObject([{ name: SESSION_COOKIE, value: '', secure: true, path: '/' }]);
  });

  it('over plain http (SECURE_COOKIES=off, the demo) names the cookie without __Host- and leaves it not Secure', async () => {
    const plain = await buildApp({ db: t.db, secureCookies: false });
    try {
      const response = await plain.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'teacher', password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
      expect(response.cookies).toMatchObject([{ name: PLAIN_HTTP_SESSION_COOKIE, httpOnly: true, sameSite: 'Lax', path: '/' }]);
      expect(response.cookies[0]!.secure).toBeUndefined();
      expect(response.cookies[0]!.maxAge).toBeUndefined();
      const session = await plain.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `${PLAIN_HTTP_SESSION_COOKIE}=${response.cookies[0]!.value}` } });
      expect(session.json().user.username).toBe('teacher');
    } finally {
      await plain.close();
    }
  });

  it('notes when a session was last used at most once a minute, and ends a session idle for two hours', async () => {
    const signedIn = await signInAs(t.app, 'counselor');
    const sessionId = (await t.db.selectFrom('user_session as s').innerJoin('app_user as u', 'u.id', 's.user_id').select('s.id').where('u.username', '=', 'counselor').orderBy('s.created_at', 'desc').executeTakeFirstOrThrow()).id;
    const lastSeen = async () => (await t.db.selectFrom('user_session').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const seenAgo = (ago: string) => t.db.updateTable('user_session').set({ last_seen_at: sqlNow(ago) }).where('id', '=', sessionId).execute();
    const ask = () => t.app.inject({ method: 'GET', url: '/api/auth/session', headers: signedIn.headers });

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
    expect(await t.db.selectFrom('user_session').select('id').where('id', '=', sessionId).executeTakeFirst()).toBeUndefined();
  });

  it('locks an account after five wrong passwords, with a clear message, and counts the lock-out even for the right one', async () => {
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'clerk', password }, remoteAddress: '10.1.1.1' });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'account-locked' });
    expect(locked.json().detail).toMatch(/unlocks at \d\d:\d\d UTC/);
  });

  it('locks the account when wrong passwords arrive all at once: each one counts', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'south-principal', password: `guess ${i}` }, remoteAddress: '10.1.2.3' })),
    );
    expect(guesses.every((g) => g.statusCode === 401 || g.statusCode === 423)).toBe(true);
    const account = await t.db.selectFrom('app_user').select(['failed_sign_ins', 'locked_until']).where('id', '=', t.world.users['south-principal']!).executeTakeFirstOrThrow();
    // Every guess that was checked counted; those checked after the fifth found the account locked.
    expect(account.failed_sign_ins + guesses.filter((g) => g.statusCode === 423).length).toBe(20);
    expect(account.failed_sign_ins).toBeGreaterThanOrEqual(5);
    expect(account.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'south-principal', password: TEST_PASSWORD }, remoteAddress: '10.1.2.4' });
    expect(right.statusCode).toBe(423);
  });

  it('believes no X-Forwarded-For: a forged one neither escapes the limit per address nor reaches the audit trail', async () => {
    const forged = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'student', password: TEST_PASSWORD }, remoteAddress: '10.3.3.3', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(forged.statusCode).toBe(200);
    const audited = await t.db.selectFrom('audit_event').select('ip').where('action', '=', 'sign-in').where('user_id', '=', t.world.users.student!).execute();
    expect(audited.map((a) => a.ip)).toEqual(['10.3.3.3']);
    for (let i = 0; i < 30; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: `nobody${i}`, password: 'x' }, remoteAddress: '10.4.4.4', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'parent', password: TEST_PASSWORD }, remoteAddress: '10.4.4.4', headers: { 'x-forwarded-for': '198.51.100.200' } });
    expect(limited.statusCode).toBe(429);
  });

  it('with TRUST_PROXY naming the proxy, takes the address it forwards, and only from it', async () => {
    const proxied = await buildApp({ db: t.db, trustProxy: ['10.5.5.0/24'] });
    try {
      const signIn = (remoteAddress: string, forwardedFor: string) =>
        proxied.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'restricted-parent', password: TEST_PASSWORD }, remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
      expect((await signIn('10.5.5.5', '198.51.100.1, 203.0.113.9')).statusCode).toBe(200);
      expect((await signIn('10.6.6.6', '203.0.113.10')).statusCode).toBe(200);
      const audited = await t.db.selectFrom('audit_event').select('ip').where('action', '=', 'sign-in').where('user_id', '=', t.world.users['restricted-parent']!).orderBy('id').execute();
      // The proxy's own client, not what that client claimed before it; a direct caller's header is ignored.
      expect(audited.map((a) => a.ip)).toEqual(['203.0.113.9', '10.6.6.6']);
    } finally {
      await proxied.close();
    }
  });

  it('limits wrong passwords from one address', async () => {
    for (let i = 0; i < 30; i++) await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: `nobody${i}`, password: 'x' }, remoteAddress: '10.2.2.2' });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'teacher', password: TEST_PASSWORD }, remoteAddress: '10.2.2.2' });
    expect(response.statusCode).toBe(429);
    expect(response.json().code).toBe('too-many-sign-ins');
  });

  it('refuses a change without the CSRF token, and signs out everywhere', async () => {
    const first = await signInAs(t.app, 'principal');
    const second = await signInAs(t.app, 'principal');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie: first.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf');
    const everywhere = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: first.headers });
    expect(everywhere.statusCode).toBe(200);
    expect(everywhere.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: second.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('sign-in-required');
  });

  it('lets the help desk view as a teacher, read-only, and audits it as the agent', async () => {
    const agent = await signInAs(t.app, 'helpdesk');
    const direct = await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.avery}`, headers: agent.headers });
    expect(direct.statusCode).toBe(403);
    const start = await t.app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent.headers, payload: { username: 'teacher', reason: 'ticket 4411: roster looks empty' } });
    expect(start.statusCode).toBe(200);
    const seen = await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.avery}`, headers: agent.headers });
    expect(seen.statusCode).toBe(200);
    const write = await t.app.inject({ method: 'PATCH', url: `/api/students/${t.world.students.avery}`, headers: { ...agent.headers, 'if-match': '"1"' }, payload: { preferredName: 'X', reason: 'should not work' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('read-only-view');
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['user_id', 'role', 'viewing_as_user_id', 'action'])
      .where('student_id', '=', t.world.students.avery)
      .where('viewing_as_user_id', '=', t.world.users.teacher!)
      .execute();
    expect(audit).toEqual([{ user_id: t.world.users.helpdesk, role: 'help-desk', viewing_as_user_id: t.world.users.teacher, action: 'read' }]);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/auth/view-as', headers: agent.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${t.world.students.avery}`, headers: agent.headers })).statusCode).toBe(403);
  });

  it('accepts a scoped API token only where its scope is allowed, and not once revoked', async () => {
    const { token, id } = await issueApiToken(t.db, { districtId: t.world.districtId, name: 'sis-sync', scopes: ['oneroster.read'], createdBy: t.world.users.admin! });
    const response = await t.app.inject({ method: 'GET', url: '/api/students', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('token-scope');
    await t.db.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    const revoked = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });

  it('refuses an API token once it has expired, and every token of an account once that account is disabled', async () => {
    // 403 token-scope: the token was recognized (no route takes tokens yet); 401: it was refused.
    const ask = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/students', headers: { authorization: `Bearer ${token}` } })).statusCode;
    const issuedBy = (await t.db.insertInto('app_user').values({ district_id: t.world.districtId, username: 'leaving-admin', display_name: 'Leaving Admin' }).returning('id').executeTakeFirstOrThrow()).id;
    const soon = await issueApiToken(t.db, { districtId: t.world.districtId, name: 'lunch', scopes: ['oneroster.read'], createdBy: issuedBy, days: 1 });
    const later = await issueApiToken(t.db, { districtId: t.world.districtId, name: 'library', scopes: ['oneroster.read'], createdBy: issuedBy });
    expect(later.expiresAt.getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(await ask(soon.token)).toBe(403);
    await t.db.updateTable('api_token').set({ expires_at: sqlNow('1 second') }).where('id', '=', soon.id).execute();
    expect(await ask(soon.token)).toBe(401);
    expect(await ask(later.token)).toBe(403);
    await t.db.updateTable('app_user').set({ disabled: true }).where('id', '=', issuedBy).execute();
    expect(await ask(later.token)).toBe(401);
    await t.db.updateTable('app_user').set({ disabled: false }).where('id', '=', issuedBy).execute();
    expect(await ask(later.token)).toBe(403);
  });
});
