import { describe, expect, it } from 'vitest';
import { accountSummary, staffList, staffMember, ssoSetting, studentAccounts } from '@homeroom/core/api/people';
import { actorForApiToken, issueApiToken, loadActor } from '../../auth/sessions.ts';
import { fixedClock } from '../../clock.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { signInWithSso } from '../auth/sign-in-with-sso.ts';

/** 2026-12-07 in Los Angeles all afternoon: "yesterday" is 2026-12-06 whatever UTC says. */
const NOW = '2026-12-08T01:30:00Z';
const TODAY = '2026-12-07';
const YESTERDAY = '2026-12-06';
const TOMORROW = '2026-12-08';
const PASSWORD = 'maple river lantern 42';
const client = { ip: '10.1.2.3', userAgent: null };

describe.each(testDatabaseKinds())('people and accounts on the %s database', (kind) => {
  const clock = fixedClock(NOW);
  const t = withTestApp(kind, { app: { clock } });

  const post = (url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const rolesOf = async (userId: number) => (await loadActor(t.db, t.world.districtId, userId, 'session', clock))!.roles;

  /** A new teacher at North with an account and a password, through the API as a district administrator. */
  async function newTeacher(employeeId: string, username: string) {
    const admin = await signInAs(t.app, 'admin');
    const created = await post('/api/people/staff', admin.headers, { firstName: 'Noor', lastName: employeeId, employeeId, assignment: { schoolId: t.world.schools.north, role: 'teacher', title: 'Grade 10 English', fte: '0.5', startDate: TODAY } });
    expect(created.statusCode, created.body).toBe(201);
    const staff = staffMember.parse(created.json());
    expect(staff.assignments).toMatchObject([{ schoolId: t.world.schools.north, role: 'teacher', title: 'Grade 10 English', fte: '0.500', startDate: TODAY, endDate: null }]);
    const account = await post(`/api/people/staff/${staff.id}/account`, admin.headers, { username, password: PASSWORD });
    expect(account.statusCode, account.body).toBe(201);
    const userId = staffMember.parse(account.json()).account!.userId;
    return { admin, staffId: staff.id, userId };
  }

  it('grants a role from today, honours an ended grant and one not started yet, and keeps the history', async () => {
    const { admin, userId } = await newTeacher('E7001', 'noor.e7001');
    // An account without a grant signs in to nothing.
    expect(await rolesOf(userId)).toEqual([]);
    const granted = await post(`/api/people/accounts/${userId}/grants`, admin.headers, { role: 'teacher', schoolId: t.world.schools.north, startsOn: TODAY });
    expect(granted.statusCode, granted.body).toBe(201);
    const grant = accountSummary.parse(granted.json()).grants[0]!;
    expect(grant).toMatchObject({ role: 'teacher', schoolId: t.world.schools.north, startsOn: TODAY, endsOn: null, holdsToday: true, grantedBy: 'admin' });
    const teacher = await signInAs(t.app, 'noor.e7001', PASSWORD);
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: teacher.headers });
    expect(session.json().user.roles).toEqual([{ role: 'teacher', schoolId: t.world.schools.north }]);

    // A counselor grant that ended yesterday, and a school-admin grant from tomorrow: neither gives anything today.
    const d = t.world.districtId;
    await t.db.insertInto('user_role').values({ district_id: d, user_id: userId, role: 'counselor', school_id: t.world.schools.north, starts_on: '2026-09-01', ends_on: YESTERDAY }).execute();
    await t.db.insertInto('user_role').values({ district_id: d, user_id: userId, role: 'school-admin', school_id: t.world.schools.north, starts_on: TOMORROW }).execute();
    expect(await rolesOf(userId)).toEqual([{ role: 'teacher', schoolId: t.world.schools.north }]);

    // The same role at the same school on days that meet the open grant is refused.
    const overlap = await post(`/api/people/accounts/${userId}/grants`, admin.headers, { role: 'teacher', schoolId: t.world.schools.north, startsOn: '2027-01-04' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'grant-overlaps', errors: [{ field: 'body.startsOn' }] });

    // Ending the grant today ends access on the next request; the grant stays as history, and can be given again.
    const ended = await post(`/api/people/accounts/${userId}/grants/${grant.id}/end`, admin.headers, { reason: 'moved to South' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(accountSummary.parse(ended.json()).grants.find((g) => g.id === grant.id)).toMatchObject({ endsOn: TODAY, holdsToday: false, endedBy: 'admin' });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: teacher.headers })).json().user.roles).toEqual([]);
    expect((await post(`/api/people/accounts/${userId}/grants/${grant.id}/end`, admin.headers, {})).statusCode).toBe(409);
    const again = await post(`/api/people/accounts/${userId}/grants`, admin.headers, { role: 'teacher', schoolId: t.world.schools.south, startsOn: TODAY });
    expect(again.statusCode, again.body).toBe(201);
    const regrant = await post(`/api/people/accounts/${userId}/grants`, admin.headers, { role: 'teacher', schoolId: t.world.schools.north, startsOn: TODAY });
    expect(regrant.statusCode, regrant.body).toBe(201);
    expect(accountSummary.parse(regrant.json()).grants.filter((g) => g.role === 'teacher' && g.schoolId === t.world.schools.north)).toHaveLength(2);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity']).where('district_id', '=', d).where('entity', '=', 'user-role').where('user_id', '=', t.world.users.admin!).execute();
    expect(audit.filter((a) => a.action === 'grant')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'end')).toHaveLength(1);
  });

  it('disabling an account ends its sessions and revokes its API tokens in one step, and enabling brings back neither', async () => {
    const { admin, userId } = await newTeacher('E7002', 'noor.e7002');
    await post(`/api/people/accounts/${userId}/grants`, admin.headers, { role: 'teacher', schoolId: t.world.schools.north, startsOn: TODAY });
    const teacher = await signInAs(t.app, 'noor.e7002', PASSWORD);
    await signInAs(t.app, 'noor.e7002', PASSWORD);
    const { token } = await issueApiToken(t.db, { districtId: t.world.districtId, name: 'gradebook sync', scopes: ['students.read'], createdBy: userId });
    expect(await actorForApiToken(t.db, token)).not.toBeNull();

    const disabled = await post(`/api/people/accounts/${userId}/disable`, admin.headers, { reason: 'left the district' });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ userId, disabled: true, sessionsEnded: 2, apiTokensRevoked: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: teacher.headers })).statusCode).toBe(401);
    expect(await t.db.selectFrom('user_session').select('id').where('user_id', '=', userId).execute()).toEqual([]);
    expect(await actorForApiToken(t.db, token)).toBeNull();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'noor.e7002', password: PASSWORD } })).statusCode).not.toBe(200);
    const audit = await t.db.selectFrom('audit_event').select(['reason', 'details']).where('entity', '=', 'user').where('action', '=', 'disable').where('entity_id', '=', String(userId)).execute();
    expect(audit).toEqual([{ reason: 'left the district', details: { sessionsEnded: 2, apiTokensRevoked: 1 } }]);

    const enabled = await post(`/api/people/accounts/${userId}/enable`, admin.headers, {});
    expect(enabled.statusCode, enabled.body).toBe(200);
    await signInAs(t.app, 'noor.e7002', PASSWORD);
    expect(await actorForApiToken(t.db, token)).toBeNull();

    // No one switches themself off.
    expect((await post(`/api/people/accounts/${t.world.users.admin}/disable`, admin.headers, {})).statusCode).toBe(409);
  });

  it("keeps a school's administrator and office to their school and to the roles they could give", async () => {
    const { userId } = await newTeacher('E7003', 'noor.e7003');
    const principal = await signInAs(t.app, 'principal');
    const clerk = await signInAs(t.app, 'clerk');
    const helpdesk = await signInAs(t.app, 'helpdesk');
    const grant = (who: { headers: Record<string, string> }, role: string, schoolId: number | null) => post(`/api/people/accounts/${userId}/grants`, who.headers, { role, schoolId, startsOn: TODAY });

    const atSouth = await grant(principal, 'teacher', t.world.schools.south);
    expect(atSouth.statusCode).toBe(403);
    expect(atSouth.json().code).toBe('grant-not-allowed');
    expect((await grant(principal, 'district-admin', null)).statusCode).toBe(403);
    expect((await grant(principal, 'help-desk', null)).statusCode).toBe(403);
    expect((await grant(clerk, 'school-admin', t.world.schools.north)).statusCode).toBe(403);
    expect((await grant(principal, 'teacher', t.world.schools.north)).statusCode).toBe(201);
    // A school role needs its school, a district-wide one none.
    expect((await grant(await signInAs(t.app, 'admin'), 'teacher', null)).statusCode).toBe(400);

    // Not the district's administrator, not another school's principal; the teacher of their school, yes.
    for (const other of ['admin', 'south-principal']) {
      const refused = await post(`/api/people/accounts/${t.world.users[other]}/disable`, principal.headers, {});
      expect(refused.statusCode, other).toBe(403);
    }
    expect((await t.db.selectFrom('app_user').select('disabled').where('id', '=', t.world.users.admin!).executeTakeFirstOrThrow()).disabled).toBe(false);
    expect((await post(`/api/people/accounts/${userId}/disable`, principal.headers, {})).statusCode).toBe(200);
    expect((await post(`/api/people/accounts/${userId}/enable`, clerk.headers, {})).statusCode).toBe(200);

    // The school's staff list; the district's is for the district's readers.
    const north = await t.app.inject({ method: 'GET', url: `/api/people/staff?schoolId=${t.world.schools.north}`, headers: principal.headers });
    expect(north.statusCode, north.body).toBe(200);
    const list = staffList.parse(north.json());
    expect(list.staff.find((s) => s.employeeId === 'E7003')).toMatchObject({ account: { username: 'noor.e7003', roles: [{ role: 'teacher', schoolId: t.world.schools.north }] } });
    expect((await t.app.inject({ method: 'GET', url: `/api/people/staff?schoolId=${t.world.schools.south}`, headers: principal.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/people/staff', headers: principal.headers })).statusCode).toBe(400);
    // The help desk reads, and changes nothing.
    expect((await t.app.inject({ method: 'GET', url: '/api/people/staff?search=e7003', headers: helpdesk.headers })).json().staff).toHaveLength(1);
    expect((await post(`/api/people/accounts/${userId}/disable`, helpdesk.headers, {})).statusCode).toBe(403);
  });

  it('edits a staff member and an assignment against the version seen', async () => {
    const { admin, staffId } = await newTeacher('E7004', 'noor.e7004');
    const page = staffMember.parse((await t.app.inject({ method: 'GET', url: `/api/people/staff/${staffId}`, headers: admin.headers })).json());
    const put = (url: string, payload: object, ifMatch?: string) => t.app.inject({ method: 'PUT', url, headers: { ...admin.headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload });
    const change = { firstName: 'Noor', lastName: 'Haddad', email: 'noor@example.org', active: true };
    expect((await put(`/api/people/staff/${staffId}`, change)).statusCode).toBe(428);
    const saved = await put(`/api/people/staff/${staffId}`, change, '"1"');
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ lastName: 'Haddad', version: 2 });
    expect((await put(`/api/people/staff/${staffId}`, change, '"1"')).statusCode).toBe(412);
    const assignment = page.assignments[0]!;
    const ended = await put(`/api/people/staff/${staffId}/assignments/${assignment.id}`, { schoolId: assignment.schoolId, role: 'teacher', title: 'Grade 10 English', fte: '1', startDate: TODAY, endDate: '2027-06-12' }, '"1"');
    expect(ended.statusCode, ended.body).toBe(200);
    expect(staffMember.parse(ended.json()).assignments[0]).toMatchObject({ fte: '1.000', endDate: '2027-06-12', version: 2 });
    const bad = await put(`/api/people/staff/${staffId}/assignments/${assignment.id}`, { schoolId: assignment.schoolId, role: 'teacher', fte: '1.5', startDate: TODAY, endDate: YESTERDAY }, '"2"');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.endDate', 'body.fte']);
  });

  it("gives a student and a guardian on the student's record their accounts, at the student's school only", async () => {
    const principal = await signInAs(t.app, 'principal');
    const d = t.world.districtId;
    const blake = t.world.students.blake;
    const created = await post(`/api/people/students/${blake}/account`, principal.headers, { username: 'blake.s', password: PASSWORD });
    expect(created.statusCode, created.body).toBe(201);
    expect(accountSummary.parse(created.json()).grants).toMatchObject([{ role: 'student', schoolId: t.world.schools.north, startsOn: TODAY }]);
    expect((await post(`/api/people/students/${blake}/account`, principal.headers, { username: 'blake.two' })).json().code).toBe('account-exists');
    expect((await post(`/api/people/students/${t.world.students.devon}/account`, principal.headers, { username: 'devon.s' })).statusCode).toBe(404);

    const guardian = await t.db.insertInto('guardian').values({ district_id: d, first_name: 'Robin', last_name: 'Blakely' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('student_guardian').values({ district_id: d, student_id: blake, guardian_id: guardian.id, relationship: 'mother' }).execute();
    const family = await t.app.inject({ method: 'GET', url: `/api/people/students/${blake}/accounts`, headers: principal.headers });
    expect(family.statusCode, family.body).toBe(200);
    expect(studentAccounts.parse(family.json()).guardians.find((g) => g.guardianId === guardian.id)).toMatchObject({ name: 'Robin Blakely', account: null });
    const guardianAccount = await post(`/api/people/guardians/${guardian.id}/account`, principal.headers, { username: 'robin.b', password: PASSWORD });
    expect(guardianAccount.statusCode, guardianAccount.body).toBe(201);
    const parent = await signInAs(t.app, 'robin.b', PASSWORD);
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${blake}`, headers: parent.headers })).statusCode).toBe(200);
    expect((await post('/api/people/guardians/99999999/account', principal.headers, { username: 'nobody.here' })).statusCode).toBe(404);
    const south = await signInAs(t.app, 'south-principal');
    expect((await post(`/api/people/guardians/${guardian.id}/account`, south.headers, { username: 'robin.c' })).statusCode).toBe(404);
  });

  describe('single sign-on linking', () => {
    const fromEnvironment = { employeeIdClaim: 'employee_id', studentIdClaim: 'student_number' };

    it('links by the claim the district administrator chose, once, and never re-links', async () => {
      const admin = await signInAs(t.app, 'admin');
      const put = (payload: object, ifMatch?: string) => t.app.inject({ method: 'PUT', url: '/api/district/sso-setting', headers: { ...admin.headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload });
      const before = ssoSetting.parse((await t.app.inject({ method: 'GET', url: '/api/district/sso-setting', headers: admin.headers })).json());
      expect(before).toMatchObject({ saved: false, version: 0 });
      // A claim a person can change is no key to an account.
      const email = await put({ employeeIdClaim: 'email', studentIdClaim: 'preferred_username' }, '"0"');
      expect(email.statusCode).toBe(400);
      expect(email.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.employeeIdClaim', 'body.studentIdClaim']);
      expect((await put({ employeeIdClaim: 'hr_number', studentIdClaim: null })).statusCode).toBe(428);
      const saved = await put({ employeeIdClaim: 'hr_number', studentIdClaim: null }, '"0"');
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ saved: true, employeeIdClaim: 'hr_number', studentIdClaim: null, version: 1, updatedBy: 'admin' });
      expect((await put({ employeeIdClaim: 'hr_number', studentIdClaim: null }, '"0"')).statusCode).toBe(412);
      const principal = await signInAs(t.app, 'principal');
      expect((await t.app.inject({ method: 'GET', url: '/api/district/sso-setting', headers: principal.headers })).statusCode).toBe(403);

      // The environment's claim no longer links in this district, nor does the e-mail, nor a student number (switched off).
      const teacherEmail = 'terry@example.org';
      for (const claims of [{ employee_id: 'E100' }, { email: teacherEmail, hr_number: 'E999' }, { student_number: '1001' }] as Array<Record<string, string>>) {
        await expect(signInWithSso(t.db, { subject: 'idp-someone', claims }, fromEnvironment, client)).rejects.toMatchObject({ code: 'sso-account-not-linked' });
      }
      const linked = await signInWithSso(t.db, { subject: 'idp-terry', claims: { hr_number: 'E100', employee_id: 'E-other' } }, fromEnvironment, client);
      expect(linked.actor.userId).toBe(t.world.users.teacher);
      const row = await t.db.selectFrom('app_user').select('oidc_subject').where('id', '=', t.world.users.teacher!).executeTakeFirstOrThrow();
      expect(row.oidc_subject).toBe('idp-terry');
      // A second identity with the same number is refused, and the link stays the first one's.
      await expect(signInWithSso(t.db, { subject: 'idp-impostor', claims: { hr_number: 'E100' } }, fromEnvironment, client)).rejects.toMatchObject({ code: 'sso-account-not-linked' });
      expect((await t.db.selectFrom('app_user').select('oidc_subject').where('id', '=', t.world.users.teacher!).executeTakeFirstOrThrow()).oidc_subject).toBe('idp-terry');
      // The linked subject signs in whatever claims come with it.
      expect((await signInWithSso(t.db, { subject: 'idp-terry', claims: {} }, fromEnvironment, client)).actor.userId).toBe(t.world.users.teacher);
      const audit = await t.db.selectFrom('audit_event').select('details').where('entity', '=', 'sso-setting').execute();
      expect(audit).toEqual([{ details: { from: null, to: { employeeIdClaim: 'hr_number', studentIdClaim: null } } }]);
    });
  });
});
