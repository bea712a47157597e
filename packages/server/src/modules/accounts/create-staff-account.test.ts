import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('staff accounts on the %s database', (kind) => {
  const t = withTestApp(kind);
  const PASSWORD = 'maple river lantern 42';
  const newTeacher = () => ({ firstName: 'Noor', lastName: 'Haddad', employeeId: 'E9001', email: 'noor.haddad@example.org', username: 'nhaddad', password: PASSWORD, role: 'teacher', schoolId: t.world.schools.north, startDate: '2026-08-10' });

  it('gives a new teacher a place on the staff, an account and a role at a school, and they can sign in', async () => {
    const { headers } = await signInAs(t.app, 'admin');
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/staff-accounts', headers, payload: newTeacher() });
    expect(created.statusCode, created.body).toBe(201);
    const { userId, staffId } = created.json();
    const assignment = await t.db.selectFrom('staff_assignment').select(['role', 'school_id', 'start_date']).where('staff_id', '=', staffId).execute();
    expect(assignment).toEqual([{ role: 'teacher', school_id: t.world.schools.north, start_date: '2026-08-10' }]);
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'nhaddad', password: PASSWORD } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user.roles).toEqual([{ role: 'teacher', schoolId: t.world.schools.north }]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity', 'school_id']).where('entity', '=', 'user').where('entity_id', '=', String(userId)).where('action', '=', 'create').execute();
    expect(audit).toEqual([{ action: 'create', entity: 'user', school_id: t.world.schools.north }]);
  });

  it('refuses a taken username or employee number, a weak password and an unknown school, naming the field and writing nothing', async () => {
    const { headers } = await signInAs(t.app, 'admin');
    const users = async () => (await t.db.selectFrom('app_user').select('id').execute()).length;
    const before = await users();
    const cases: Array<[object, number, string, string]> = [
      [{ username: 'principal', employeeId: 'E9100' }, 409, 'username-taken', 'body.username'],
      [{ username: 'fresh.one', employeeId: 'E100' }, 409, 'employee-id-taken', 'body.employeeId'],
      [{ username: 'fresh.one', employeeId: 'E9100', password: 'password' }, 400, 'weak-password', 'body.password'],
      [{ username: 'fresh.one', employeeId: 'E9100', schoolId: 999999 }, 422, 'unknown-school', 'body.schoolId'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/api/admin/staff-accounts', headers, payload: { ...newTeacher(), ...change } });
      expect(response.statusCode, code).toBe(status);
      expect(response.json(), code).toMatchObject({ code, errors: [{ field }] });
    }
    const principal = await signInAs(t.app, 'principal');
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/staff-accounts', headers: principal.headers, payload: { ...newTeacher(), username: 'fresh.two', employeeId: 'E9200' } })).statusCode).toBe(403);
    expect(await users()).toBe(before);
  });
});
