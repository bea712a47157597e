import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditIsAbout } from '../audit/audit.repository.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { testDatabaseKinds } from '../db/testing.ts';
import type { createSmallDistrict } from '../testing/small-district.ts';
import { issueApiToken } from './sessions.ts';
import { withTestApp } from '../testing/test-app.ts';

/**
 * What an API token reads: what its scopes admit, of what the account that issued it may see
 * today, and nothing once that account is disabled or loses the role.
 */
describe.each(testDatabaseKinds())('API tokens on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
  });

  const issue = async (username: string, scopes: string[]) => (await issueApiToken(handle.db, { districtId: world.districtId, name: `${username} ${scopes.join(' ')}`, scopes, createdBy: world.users[username]! })).token;
  const call = (token: string, url: string, method: 'GET' | 'PATCH' = 'GET') => app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'if-match': '"1"' }, ...(method === 'PATCH' ? { payload: { preferredName: 'X', reason: 'test' } } : {}) });

  it('reads what its scope admits, audited as the token, and nothing its scope does not', async () => {
    const token = await issue('admin', ['students.read']);
    const profile = await call(token, `/api/students/${world.students.avery}`);
    expect(profile.statusCode, profile.body).toBe(200);
    const audit = await handle.db.selectFrom('audit_event').select(['user_id', 'role', 'integration']).where(auditIsAbout(world.students.avery)).where('role', '=', 'api-token').execute();
    expect(audit).toContainEqual({ user_id: world.users.admin, role: 'api-token', integration: expect.stringMatching(/^api-token:\d+$/) });
    for (const url of [`/api/students/${world.students.avery}/transcript`, `/api/students/${world.students.avery}/attendance`, '/ims/oneroster/rostering/v1p2/students', '/api/admin/api-tokens', `/api/schools/${world.schools.north}/master-schedule`]) {
      const refused = await call(token, url);
      expect(refused.statusCode, url).toBe(403);
    }
    // A token only reads: a scope never admits a change.
    expect((await call(token, `/api/students/${world.students.avery}`, 'PATCH')).statusCode).toBe(403);
  });

  it("is never more than its issuer: a teacher's token reads the teacher's students and no others", async () => {
    const token = await issue('teacher', ['students.read']);
    expect((await call(token, `/api/students/${world.students.blake}`)).statusCode).toBe(200);
    expect((await call(token, `/api/students/${world.students.casey}`)).statusCode).toBe(404);
    expect((await call(token, `/api/students/${world.students.devon}`)).statusCode).toBe(404);
    const search = await call(token, '/api/students');
    expect(search.statusCode, search.body).toBe(200);
    const found = JSON.stringify(search.json());
    expect(found).toContain('Blake');
    expect(found).not.toContain('Devon');
    // The teacher's role does not reach OneRoster, whatever scope their token carries.
    expect((await call(await issue('teacher', ['oneroster.read']), '/ims/oneroster/rostering/v1p2/students')).statusCode).toBe(403);
  });

  it('stops when its issuer loses the role, and when the issuer is disabled', async () => {
    const token = await issue('principal', ['students.read']);
    expect((await call(token, `/api/students/${world.students.avery}`)).statusCode).toBe(200);
    // The grant as it was, without its generated id, to be given back.
    const { id: _id, ...grant } = await handle.db.selectFrom('user_role').selectAll().where('user_id', '=', world.users.principal!).executeTakeFirstOrThrow();
    await handle.db.deleteFrom('user_role').where('user_id', '=', world.users.principal!).execute();
    expect((await call(token, `/api/students/${world.students.avery}`)).statusCode).toBe(403);
    await handle.db.insertInto('user_role').values(grant).execute();
    expect((await call(token, `/api/students/${world.students.avery}`)).statusCode).toBe(200);
    await handle.db.updateTable('app_user').set({ disabled: true }).where('id', '=', world.users.principal!).execute();
    expect((await call(token, `/api/students/${world.students.avery}`)).statusCode).toBe(401);
  });

  it('reads attendance and transcripts with those scopes alone', async () => {
    const attendance = await issue('admin', ['attendance.read']);
    expect((await call(attendance, `/api/students/${world.students.avery}/attendance`)).statusCode).toBe(200);
    expect((await call(attendance, `/api/students/${world.students.avery}`)).statusCode).toBe(403);
    const transcripts = await issue('admin', ['transcripts.read']);
    expect((await call(transcripts, `/api/students/${world.students.avery}/transcript`)).statusCode).toBe(200);
    expect((await call(transcripts, `/api/students/${world.students.avery}/attendance`)).statusCode).toBe(403);
  });
});
