import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROSTER, ROSTER_CORE, ROSTER_DEMOGRAPHICS } from '../../auth/api-token-scopes.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { routeTable } from '../../routes.ts';
import { signInAs } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';
import { registerOAuthClient } from '../oauth/oauth-clients.ts';
import { ONEROSTER_BASE } from './collections.ts';
import { withTestApp } from '../../testing/test-app.ts';

const BASE = ONEROSTER_BASE;

describe.each(testDatabaseKinds())('OneRoster 1.2 rostering over OAuth 2.0 on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let other: Awaited<ReturnType<typeof createSmallDistrict>>;
  let core: { id: number; clientId: string; clientSecret: string };
  let coreToken: string;

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    other = await createSmallDistrict(handle.db, 'OTHER');
    core = await registerOAuthClient(handle.db, null, { ip: null }, world.districtId, { name: 'Learning platform', scopes: [ROSTER_CORE], requestsPerMinute: 1000 });
    coreToken = (await tokenFor(core.clientId, core.clientSecret)).json().access_token;
  });

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const tokenFor = (id: string, secret: string, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) }, payload: form({ grant_type: 'client_credentials', ...extra }) });
  const get = (path: string, token = coreToken) => app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization: `Bearer ${token}` } });
  /** Every answer is what the route's response schema says. */
  const expectContract = (path: string, response: LightMyRequestResponse) => {
    const url = `${BASE}${path.split('?')[0]}`;
    const definition = routeTable.find((r) => r.method === 'GET' && new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(url))!;
    const parsed = definition.response!.schema!.safeParse(response.json());
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  };
  const minor = (response: LightMyRequestResponse) => response.json().imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue;

  describe('the token endpoint', () => {
    it('answers a bearer token for client_secret_basic and client_secret_post, with expires_in and the granted scopes', async () => {
      const viaBasic = await tokenFor(core.clientId, core.clientSecret);
      expect(viaBasic.statusCode, viaBasic.body).toBe(200);
      expect(viaBasic.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: ROSTER_CORE });
      expect(viaBasic.headers['cache-control']).toBe('no-store');
      const viaPost = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ grant_type: 'client_credentials', client_id: core.clientId, client_secret: core.clientSecret, scope: ROSTER_CORE }) });
      expect(viaPost.statusCode, viaPost.body).toBe(200);
      expect(viaPost.json().access_token).not.toBe(viaBasic.json().access_token);
    });

    it('refuses a wrong secret, an unknown client, another grant and a scope the client was not given, as RFC 6749 says', async () => {
      const wrong = await tokenFor(core.clientId, 'hrs_wrong');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error).toBe('invalid_client');
      expect((await tokenFor('hrc_nobody', core.clientSecret)).json().error).toBe('invalid_client');
      expect((await tokenFor(core.clientId, core.clientSecret, { grant_type: 'password' })).json().error).toBe('unsupported_grant_type');
      const scope = await tokenFor(core.clientId, core.clientSecret, { scope: ROSTER });
      expect(scope.statusCode).toBe(400);
      expect(scope.json().error).toBe('invalid_scope');
    });

    it('keeps only a hash of the secret', async () => {
      const row = await handle.db.selectFrom('oauth_client').select(['secret_hash']).where('client_id', '=', core.clientId).executeTakeFirstOrThrow();
      expect(row.secret_hash).not.toContain(core.clientSecret);
      expect(row.secret_hash).not.toContain(core.clientSecret.slice(4));
    });
  });

  describe('the rostering service', () => {
    it('lists orgs with paging headers, and the schools', async () => {
      const orgs = await get('/orgs');
      expect(orgs.statusCode, orgs.body).toBe(200);
      expectContract('/orgs', orgs);
      expect(orgs.headers['x-total-count']).toBe('3');
      expect(orgs.json().orgs.map((o: { type: string }) => o.type)).toEqual(['district', 'school', 'school']);
      const schools = await get('/schools?limit=1&offset=1');
      expect(schools.json().schools ?? schools.json().orgs).toHaveLength(1);
      expect(schools.headers['x-total-count']).toBe('2');
      expect(schools.headers.link).toContain('rel="prev"');
      expect(schools.headers.link).toContain('rel="first"');
      expect(schools.headers.link).not.toContain('rel="next"');
    });

    it("pages through students, audits each page as the client, and never shows another district's", async () => {
      const first = await get('/students?limit=3');
      expect(first.statusCode, first.body).toBe(200);
      expectContract('/students', first);
      expect(first.headers['x-total-count']).toBe('4');
      expect(first.headers.link).toContain('offset=3>; rel="next"');
      const second = await get('/students?limit=3&offset=3');
      const ids = [...first.json().users, ...second.json().users].map((u: { sourcedId: string }) => u.sourcedId);
      expect(ids).toEqual(Object.values(world.students).map((id) => `stu-${id}`));
      expect(ids).not.toContain(`stu-${other.students.avery}`);
      const audit = await handle.db.selectFrom('audit_event').select(['user_id', 'role', 'integration', 'student_ids']).where('integration', '=', `oauth-client:${core.clientId}`).where('entity', '=', 'oneroster:users').execute();
      expect(audit.length).toBeGreaterThanOrEqual(2);
      expect(audit[0]).toMatchObject({ user_id: null, role: 'oauth-client' });
      expect(audit.flatMap((a) => a.student_ids ?? []).map(Number)).toEqual(expect.arrayContaining(Object.values(world.students)));
    });

    it('reads one object by sourcedId, and answers unknownobject for one that does not exist', async () => {
      const one = await get(`/students/stu-${world.students.blake}`);
      expect(one.statusCode, one.body).toBe(200);
      expectContract(`/students/x`, one);
      expect(one.json().user).toMatchObject({ sourcedId: `stu-${world.students.blake}`, givenName: 'Blake', familyName: 'Rivers', enabledUser: true, roles: [{ roleType: 'primary', role: 'student' }] });
      for (const path of [`/students/stu-${other.students.blake}`, '/students/nonsense', `/schools/sch-${world.schools.north}/students`.replace('sch-', 'sch-9')]) {
        const missing = await get(path);
        expect(missing.statusCode, path).toBe(404);
        expect(missing.json().imsx_codeMajor).toBe('failure');
        expect(minor(missing)).toBe('unknownobject');
      }
    });

    it('sends a student who opted out of the directory with the rostering fields only', async () => {
      const casey = (await get(`/users/stu-${world.students.casey}`)).json().user;
      expect(casey.givenName).toBe('Casey');
      expect(casey).not.toHaveProperty('middleName');
      expect(casey).not.toHaveProperty('preferredFirstName');
    });

    it('filters with the binding grammar, sorts, and selects fields', async () => {
      const rivers = await get(`/users?filter=${encodeURIComponent("familyName='Rivers' AND role='student' OR givenName~'DEV'")}&fields=sourcedId,givenName`);
      expect(rivers.statusCode, rivers.body).toBe(200);
      expect(rivers.json().users).toEqual([
        { sourcedId: `stu-${world.students.blake}`, givenName: 'Blake' },
        { sourcedId: `stu-${world.students.devon}`, givenName: 'Devon' },
      ]);
      const sorted = await get('/students?sort=familyName&orderBy=desc&fields=familyName');
      expect(sorted.json().users.map((u: { familyName: string }) => u.familyName)).toEqual(['Stone', 'Rivers', 'Meadows', 'Hart']);
      for (const filter of ["familyName='Rivers", "shoeSize='9'", "familyName='a' XOR givenName='b'"]) {
        const refused = await get(`/users?filter=${encodeURIComponent(filter)}`);
        expect(refused.statusCode, filter).toBe(400);
        expect(minor(refused)).toBe('invalid_filter_field');
      }
      expect(minor(await get('/users?fields=shoeSize'))).toBe('invalid_selection_field');
      expect((await get('/users?sort=shoeSize')).statusCode).toBe(400);
    });

    it('answers the nested paths: the students of a class and the classes of a student', async () => {
      const roster = await get(`/classes/class-${world.sections.taught}/students`);
      expect(roster.statusCode, roster.body).toBe(200);
      const sourcedIds = roster.json().users.map((u: { sourcedId: string }) => u.sourcedId);
      expect(sourcedIds.length).toBeGreaterThan(0);
      const classes = await get(`/students/${sourcedIds[0]}/classes`);
      expect(classes.statusCode, classes.body).toBe(200);
      expectContract('/students/x/classes', classes);
      expect(classes.json().classes.map((c: { sourcedId: string }) => c.sourcedId)).toContain(`class-${world.sections.taught}`);
      for (const path of ['/enrollments', '/academicSessions', '/terms', '/gradingPeriods', '/courses', '/classes', '/teachers', '/users', `/schools/sch-${world.schools.north}/classes`]) {
        const response = await get(path);
        expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
        expectContract(path, response);
      }
    });

    it('enforces the scopes per path: demographics need a demographics scope', async () => {
      const refused = await get('/demographics');
      expect(refused.statusCode).toBe(403);
      expect(minor(refused)).toBe('forbidden');
      const demographics = await registerOAuthClient(handle.db, null, { ip: null }, world.districtId, { name: 'State reporting', scopes: [ROSTER_DEMOGRAPHICS], requestsPerMinute: 100 });
      const token = (await tokenFor(demographics.clientId, demographics.clientSecret)).json().access_token;
      const answered = await get('/demographics', token);
      expect(answered.statusCode, answered.body).toBe(200);
      expectContract('/demographics', answered);
      expect((await get('/students', token)).statusCode).toBe(403);
      // And a client's token calls nothing of Homeroom's own API.
      expect((await app.inject({ method: 'GET', url: `/api/students/${world.students.avery}`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    });

    it('tells a client past its requests for the minute that the service is busy', async () => {
      const busy = await registerOAuthClient(handle.db, null, { ip: null }, world.districtId, { name: 'Chatty', scopes: [ROSTER], requestsPerMinute: 2 });
      const token = (await tokenFor(busy.clientId, busy.clientSecret)).json().access_token;
      expect((await get('/orgs', token)).statusCode).toBe(200);
      expect((await get('/orgs', token)).statusCode).toBe(200);
      const third = await get('/orgs', token);
      expect(third.statusCode).toBe(429);
      expect(minor(third)).toBe('server_busy');
      expect(third.headers['retry-after']).toBe('60');
    });

    it('stops a disabled client at once, and lets a district administrator register and list clients', async () => {
      const admin = await signInAs(app, 'admin');
      const registered = await app.inject({ method: 'POST', url: '/api/admin/oauth-clients', headers: admin.headers, payload: { name: 'Library', scopes: [ROSTER_CORE] } });
      expect(registered.statusCode, registered.body).toBe(201);
      const { id, clientId, clientSecret } = registered.json();
      const token = (await tokenFor(clientId, clientSecret)).json().access_token;
      expect((await get('/orgs', token)).statusCode).toBe(200);
      const list = await app.inject({ method: 'GET', url: '/api/admin/oauth-clients', headers: admin.headers });
      expect(list.body).not.toContain(clientSecret);
      expect(list.json().clients.map((c: { clientId: string }) => c.clientId)).toContain(clientId);
      expect((await app.inject({ method: 'DELETE', url: `/api/admin/oauth-clients/${id}`, headers: admin.headers })).statusCode).toBe(204);
      const after = await get('/orgs', token);
      expect(after.statusCode).toBe(401);
      expect(minor(after)).toBe('unauthorisedrequest');
      expect((await tokenFor(clientId, clientSecret)).json().error).toBe('invalid_client');
    });
  });
});
