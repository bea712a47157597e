import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { API_TOKEN_SCOPES, ONEROSTER_SCOPES } from '../../auth/api-token-scopes.ts';
import { passwordWeakness } from '../../auth/passwords.ts';
import { actorForApiToken, issueApiToken } from '../../auth/sessions.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { routeTable } from '../../routes.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { createSmallDistrict, TEST_PASSWORD } from '../../testing/small-district.ts';

describe.each(testDatabaseKinds())('account administration on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let other: Awaited<ReturnType<typeof createSmallDistrict>>;
  let admin: SignedIn;
  let helpdesk: SignedIn;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    other = await createSmallDistrict(handle.db, 'OTHER');
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin');
    helpdesk = await signInAs(app, 'helpdesk');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const audited = (action: string, entity: string) =>
    handle.db.selectFrom('audit_event').select(['user_id', 'entity_id', 'reason', 'details']).where('district_id', '=', world.districtId).where('action', '=', action).where('entity', '=', entity).execute();

  describe('API tokens', () => {
    it('issues a token once, lists tokens without secrets, and revokes them', async () => {
      const issued = await app.inject({ method: 'POST', url: '/api/admin/api-tokens', headers: admin.headers, payload: { name: 'Library nightly roster', scopes: ['students.read', 'oneroster.read', 'oneroster.read'] } });
      expect(issued.statusCode, issued.body).toBe(201);
      const { id, token, scopes, expiresAt } = issued.json<{ id: number; token: string; scopes: string[]; expiresAt: string }>();
      // 90 days unless said otherwise.
      expect(Math.round((Date.parse(expiresAt) - Date.now()) / 86_400_000)).toBe(90);
      expect(token).toMatch(/^hr_[A-Za-z0-9_-]{40,}$/);
      expect(scopes).toEqual(['oneroster.read', 'students.read']);
      expect((await actorForApiToken(handle.db, token))?.tokenScopes).toEqual(['oneroster.read', 'students.read']);

      const list = await app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: admin.headers });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(token);
      expect(list.body).not.toMatch(/hash/i);
      expect(list.json().tokens[0]).toMatchObject({ id, name: 'Library nightly roster', createdBy: { username: 'admin' }, revokedAt: null, expiresAt, issuerDisabled: false });
      expect(list.json().scopes).toContainEqual({ name: 'students.read', description: 'Read student directory information and enrollment' });

      const revoked = await app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${id}`, headers: admin.headers });
      expect(revoked.statusCode).toBe(204);
      expect(await actorForApiToken(handle.db, token)).toBeNull();
      expect((await app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${id}`, headers: admin.headers })).statusCode).toBe(204);
      const after = await app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: admin.headers });
      expect(after.json().tokens.find((t: { id: number }) => t.id === id).revokedAt).not.toBeNull();

      expect(await audited('create', 'api-token')).toContainEqual({ user_id: world.users.admin, entity_id: String(id), reason: null, details: { name: 'Library nightly roster', scopes: ['oneroster.read', 'students.read'], expiresAt } });
      expect((await audited('revoke', 'api-token')).filter((row) => row.entity_id === String(id))).toHaveLength(1);
    });

    it('issues a token for as many days as asked, up to 366', async () => {
      const issue = (expiresInDays: unknown) => app.inject({ method: 'POST', url: '/api/admin/api-tokens', headers: admin.headers, payload: { name: 'Lunch system', scopes: ['oneroster.read'], expiresInDays } });
      const week = await issue(7);
      expect(week.statusCode).toBe(201);
      expect(Math.round((Date.parse(week.json().expiresAt) - Date.now()) / 86_400_000)).toBe(7);
      for (const days of [0, 367, 1.5, 'forever']) expect((await issue(days)).statusCode).toBe(400);
    });

    it('refuses scopes that are not declared, and no scopes at all', async () => {
      for (const scopes of [['grades.write'], [], 'oneroster.read']) {
        const response = await app.inject({ method: 'POST', url: '/api/admin/api-tokens', headers: admin.headers, payload: { name: 'x', scopes } });
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toBe('validation-failed');
      }
    });

    it("cannot see or revoke another district's token", async () => {
      const { id } = await issueApiToken(handle.db, { districtId: other.districtId, name: 'theirs', scopes: ['oneroster.read'], createdBy: other.users.admin! });
      const list = await app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: admin.headers });
      expect(list.json().tokens.map((t: { id: number }) => t.id)).not.toContain(id);
      const response = await app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${id}`, headers: admin.headers });
      expect(response.statusCode).toBe(404);
      const row = await handle.db.selectFrom('api_token').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.revoked_at).toBeNull();
    });

    it.each(['abc', '-1', '0', '99999999999999999999'])('refuses a token id of %j cleanly', async (tokenId) => {
      const response = await app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${tokenId}`, headers: admin.headers });
      expect([400, 404]).toContain(response.statusCode);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    });
  });

  describe('locked accounts and passwords', () => {
    const signIn = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress: `10.77.${username.length}.1` });

    it('lets the help desk find a locked account and unlock it, on the record', async () => {
      for (let i = 0; i < 5; i++) await signIn('clerk', 'wrong password');
      expect((await signIn('clerk', TEST_PASSWORD)).statusCode).toBe(423);
      const found = await app.inject({ method: 'GET', url: '/api/admin/users?search=CLER', headers: helpdesk.headers });
      expect(found.statusCode).toBe(200);
      const clerk = found.json().users.find((u: { username: string }) => u.username === 'clerk');
      expect(clerk).toMatchObject({ id: world.users.clerk, roles: [{ role: 'attendance-clerk', schoolId: world.schools.north }], hasPassword: true, signsInWithDistrictAccount: false });
      expect(clerk.lockedUntil).not.toBeNull();
      expect(found.body).not.toContain('argon2');

      const unlocked = await app.inject({ method: 'POST', url: `/api/admin/users/${world.users.clerk}/unlock`, headers: helpdesk.headers, payload: { reason: 'ticket 5120' } });
      expect(unlocked.statusCode, unlocked.body).toBe(200);
      expect(unlocked.json()).toEqual({ userId: world.users.clerk, username: 'clerk', wasLocked: true });
      expect((await signIn('clerk', TEST_PASSWORD)).statusCode).toBe(200);
      expect(await audited('unlock', 'user')).toContainEqual({ user_id: world.users.helpdesk, entity_id: String(world.users.clerk), reason: 'ticket 5120', details: { wasLocked: true, failedSignIns: 5 } });
    });

    it('does not let the help desk unlock while viewing as someone, nor reset passwords', async () => {
      const agent = await signInAs(app, 'helpdesk');
      const reset = await app.inject({ method: 'POST', url: `/api/admin/users/${world.users.teacher}/password`, headers: agent.headers, payload: { newPassword: 'a perfectly long password' } });
      expect(reset.statusCode).toBe(403);
      await app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent.headers, payload: { username: 'teacher', reason: 'ticket 5122: roster' } });
      const unlock = await app.inject({ method: 'POST', url: `/api/admin/users/${world.users.clerk}/unlock`, headers: agent.headers, payload: {} });
      expect(unlock.statusCode).toBe(403);
    });

    it('refuses a weak new password and says why', async () => {
      for (const [newPassword, why] of [
        ['short1', /at least 12 characters/],
        ['counselor-2026-fall', /must not contain the username/],
      ] as const) {
        const response = await app.inject({ method: 'POST', url: `/api/admin/users/${world.users.counselor}/password`, headers: admin.headers, payload: { newPassword } });
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toBe('weak-password');
        expect(response.json().detail).toMatch(why);
      }
      expect((await signIn('counselor', TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('resets a password: the old one stops working, every session ends, nothing secret is audited', async () => {
      const before = await signInAs(app, 'counselor');
      const response = await app.inject({ method: 'POST', url: `/api/admin/users/${world.users.counselor}/password`, headers: admin.headers, payload: { newPassword: 'maple river lantern 42', reason: 'forgot password' } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().sessionsEnded).toBeGreaterThanOrEqual(1);
      expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: before.cookie } })).statusCode).toBe(401);
      expect((await signIn('counselor', TEST_PASSWORD)).statusCode).toBe(401);
      expect((await signIn('counselor', 'maple river lantern 42')).statusCode).toBe(200);
      const rows = await audited('reset-password', 'user');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain('maple');
    });

    it("cannot touch another district's accounts", async () => {
      const response = await app.inject({ method: 'POST', url: `/api/admin/users/${other.users.teacher}/unlock`, headers: helpdesk.headers, payload: {} });
      expect(response.statusCode).toBe(404);
    });
  });
});

describe('API token scopes', () => {
  it('declares every scope a route accepts', () => {
    const named = routeTable.flatMap((r) => (r.access.kind === 'signed-in' ? [...(r.access.tokenScopes ?? [])] : []));
    // A loop over no route would pass while no token can call anything.
    expect(named.length).toBeGreaterThan(0);
    for (const scope of named) expect([...Object.keys(API_TOKEN_SCOPES), ...Object.keys(ONEROSTER_SCOPES)], `route scope ${scope}`).toContain(scope);
  });
});

describe('password strength', () => {
  it.each([
    ['eleven char', 'dana', false],
    ['twelve chars', 'dana', true],
    ['🧑‍🎓🧑‍🎓🧑‍🎓', 'dana', false],
    ['my name is Dana.Admin!', 'dana.admin', false],
  ])('%j for %s is acceptable: %s', (password, username, ok) => {
    expect(passwordWeakness(password, username) === null).toBe(ok);
  });
});
