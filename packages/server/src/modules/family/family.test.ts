import { describe, expect, it } from 'vitest';
import { auditIsAbout } from '../../audit/audit.repository.ts';
import { fixedClock } from '../../clock.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

// The district's day is fixed, so who serves whom "today" does not move with the machine's date.
const TODAY = '2026-12-07T18:00:00Z';

const rights = { relationship: 'father', livesWith: true, custody: true, educationalRights: true, accessRestricted: false, mayPickUp: true, emergencyContact: true, contactOrder: 2 };

describe.each(testDatabaseKinds())('a student’s family on the %s database', (kind) => {
  const t = withTestApp(kind, { app: { clock: fixedClock(TODAY) } });
  const as = async (username: string) => (await signInAs(t.app, username)).headers;
  const family = async (studentId: number, headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/students/${studentId}/family`, headers });
  const guardianOf = async (studentId: number, guardianId: number, headers: Record<string, string>) =>
    (await family(studentId, headers)).json().guardians.find((g: { guardian: { id: number } }) => g.guardian.id === guardianId);
  const addGuardian = (studentId: number, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url: `/api/students/${studentId}/guardians`, headers, payload });
  const guardianRows = async (lastName: string) => t.db.selectFrom('guardian').select('id').where('last_name', '=', lastName).execute();
  const auditOf = async (studentId: number, entity: string) =>
    t.db.selectFrom('audit_event').select(['action', 'entity', 'details', 'reason']).where('student_id', '=', studentId).where('entity', '=', entity).orderBy('id').execute();

  it('adds a new guardian, refuses a second record of the same person, and links a sibling’s parent instead', async () => {
    const clerk = await as('clerk');
    const { casey, blake } = t.world.students;
    const jordan = { firstName: 'Jordan', lastName: 'Meadows', email: 'jordan.meadows@mail.example', phone: '(213) 555-0101' };
    const created = await addGuardian(casey, clerk, { guardian: jordan, ...rights });
    expect(created.statusCode, created.body).toBe(201);
    const added = created.json();
    expect(added).toMatchObject({ guardian: { name: { first: 'Jordan', last: 'Meadows' }, version: 1, otherStudents: 0 }, link: { relationship: 'father', mayPickUp: true, version: 1, courtOrder: null } });
    expect(await auditOf(casey, 'student-guardian')).toMatchObject([{ action: 'create', details: { guardianId: added.guardian.id, newGuardian: true } }]);

    // The same person typed again for the sibling: the office is shown the record to link.
    const again = await addGuardian(blake, clerk, { guardian: { ...jordan, firstName: 'JORDAN', email: null, phone: '213-555-0101' }, ...rights });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'possible-duplicate-guardian', candidates: [{ id: added.guardian.id, students: [{ id: casey }], alreadyLinked: false }] });
    expect(await guardianRows('Meadows')).toHaveLength(1);
    const search = await t.app.inject({ method: 'GET', url: `/api/students/${blake}/guardian-matches?lastName=mead`, headers: clerk });
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().items).toMatchObject([{ id: added.guardian.id, name: { first: 'Jordan', last: 'Meadows' }, students: [{ id: casey, name: { first: 'Casey', last: 'Meadows' } }], otherStudents: 0 }]);

    const linked = await addGuardian(blake, clerk, { guardianId: added.guardian.id, ...rights, relationship: 'stepfather', mayPickUp: false });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json()).toMatchObject({ guardian: { id: added.guardian.id, otherStudents: 1 }, link: { relationship: 'stepfather', mayPickUp: false } });
    expect((await guardianOf(casey, added.guardian.id, clerk)).link.relationship).toBe('father');
    const twice = await addGuardian(blake, clerk, { guardianId: added.guardian.id, ...rights });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already-linked', errors: [{ field: 'body.guardianId' }] });

    // Truly another person of the same name: the office says it looked.
    const namesake = await addGuardian(blake, clerk, { guardian: jordan, ...rights, notDuplicateOf: [added.guardian.id] });
    expect(namesake.statusCode, namesake.body).toBe(201);
    expect(await guardianRows('Meadows')).toHaveLength(2);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const clerk = await as('clerk');
    const { casey } = t.world.students;
    const before = (await t.db.selectFrom('student_guardian').select('guardian_id').execute()).length;
    const cases: Array<[object, number, string, string]> = [
      [{ ...rights }, 400, 'validation-failed', 'body.guardian'],
      [{ guardianId: 1, guardian: { firstName: 'A', lastName: 'B' }, ...rights }, 400, 'validation-failed', 'body.guardianId'],
      [{ guardian: { firstName: 'Ana', lastName: 'Lopez', email: 'not an email' }, ...rights }, 400, 'validation-failed', 'body.guardian.email'],
      [{ guardian: { firstName: 'Ana', lastName: 'Lopez', phone: '555' }, ...rights }, 400, 'validation-failed', 'body.guardian.phone'],
      [{ guardian: { firstName: 'Ana', lastName: 'Lopez' }, ...rights, accessRestricted: true, mayPickUp: true }, 400, 'validation-failed', 'body.mayPickUp'],
      [{ guardian: { firstName: 'Ana', lastName: 'Lopez' }, ...rights, mayPickUp: undefined }, 400, 'validation-failed', 'body.mayPickUp'],
      [{ guardianId: 999999, ...rights }, 422, 'unknown-guardian', 'body.guardianId'],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await addGuardian(casey, clerk, payload);
      expect(response.statusCode, field).toBe(status);
      expect(response.json(), field).toMatchObject({ code });
      expect(response.json().errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    expect((await t.db.selectFrom('student_guardian').select('guardian_id').execute()).length).toBe(before);
  });

  it('restricts a guardian by court order against the version seen, and the guardian’s own account loses the student at once', async () => {
    const principal = await as('principal');
    const parent = await as('parent');
    const { avery } = t.world.students;
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${avery}`, headers: parent })).statusCode).toBe(200);
    const morgan = (await family(avery, principal)).json().guardians[0];
    expect(morgan).toMatchObject({ guardian: { name: { first: 'Morgan', last: 'Stone' } }, link: { accessRestricted: false, mayPickUp: true, version: 1 } });
    const url = `/api/students/${avery}/guardians/${morgan.guardian.id}`;
    const restricted = { ...rights, relationship: 'mother', custody: false, educationalRights: false, accessRestricted: true, mayPickUp: false, courtOrder: { note: 'Restraining order, case 26FL0042', issued: '2026-11-30', expires: '2027-11-30' } };

    expect((await t.app.inject({ method: 'PUT', url, headers: principal, payload: restricted })).statusCode).toBe(428);
    const both = await t.app.inject({ method: 'PUT', url, headers: { ...principal, 'if-match': '"1"' }, payload: { ...restricted, mayPickUp: true } });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toMatchObject([{ field: 'body.mayPickUp' }]);
    const backwards = await t.app.inject({ method: 'PUT', url, headers: { ...principal, 'if-match': '"1"' }, payload: { ...restricted, courtOrder: { ...restricted.courtOrder, expires: '2026-01-01' } } });
    expect(backwards.json().errors).toMatchObject([{ field: 'body.courtOrder.expires' }]);

    const saved = await t.app.inject({ method: 'PUT', url, headers: { ...principal, 'if-match': '"1"' }, payload: restricted });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().link).toMatchObject({ accessRestricted: true, mayPickUp: false, version: 2, courtOrder: { note: 'Restraining order, case 26FL0042', issued: '2026-11-30' } });
    const stale = await t.app.inject({ method: 'PUT', url, headers: { ...(await as('admin')), 'if-match': '"1"' }, payload: rights });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('stale-version');

    expect((await t.app.inject({ method: 'GET', url: `/api/students/${avery}`, headers: parent })).statusCode).toBe(404);
    // A teacher sees the restriction and asks the office for the order; the office sees it.
    const seenByTeacher = await guardianOf(avery, morgan.guardian.id, await as('teacher'));
    expect(seenByTeacher.link.accessRestricted).toBe(true);
    expect(seenByTeacher.link).not.toHaveProperty('courtOrder');
    expect((await guardianOf(avery, morgan.guardian.id, await as('clerk'))).link.courtOrder.note).toBe('Restraining order, case 26FL0042');
    expect(await auditOf(avery, 'student-guardian')).toMatchObject([{ action: 'update', details: { guardianId: morgan.guardian.id, to: { access_restricted: true } } }]);
  });

  it('changes a guardian shared by two students once, and ending one link keeps the guardian for the other', async () => {
    const admin = await as('admin');
    const { devon, casey } = t.world.students;
    const sam = (await addGuardian(devon, admin, { guardian: { firstName: 'Sam', lastName: 'Hart', phone: '(310) 555-0177' }, ...rights })).json();
    expect((await addGuardian(casey, admin, { guardianId: sam.guardian.id, ...rights, relationship: 'uncle' })).statusCode).toBe(201);
    const url = `/api/students/${devon}/guardians/${sam.guardian.id}`;
    const details = { firstName: 'Samuel', lastName: 'Hart', phone: '(310) 555-0178', email: 'sam.hart@mail.example' };
    expect((await t.app.inject({ method: 'PUT', url: `${url}/details`, headers: admin, payload: details })).statusCode).toBe(428);
    const changed = await t.app.inject({ method: 'PUT', url: `${url}/details`, headers: { ...admin, 'if-match': `"${sam.guardian.version}"` }, payload: details });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().guardian).toMatchObject({ name: { first: 'Samuel' }, email: 'sam.hart@mail.example', version: 2, otherStudents: 1 });
    expect((await guardianOf(casey, sam.guardian.id, admin)).guardian.phone).toBe('(310) 555-0178');
    expect((await t.app.inject({ method: 'PUT', url: `${url}/details`, headers: { ...admin, 'if-match': '"1"' }, payload: details })).statusCode).toBe(412);
    // Casey's history says her guardian changed, though the change was made from Devon's record.
    const listed = await t.db.selectFrom('audit_event').select(['action', 'entity']).where('entity', '=', 'guardian').where(auditIsAbout(casey)).execute();
    expect(listed).toEqual([{ action: 'update', entity: 'guardian' }]);

    expect((await t.app.inject({ method: 'DELETE', url, headers: { ...admin, 'if-match': '"9"' } })).statusCode).toBe(412);
    const ended = await t.app.inject({ method: 'DELETE', url: `${url}?reason=entered%20on%20the%20wrong%20student`, headers: { ...admin, 'if-match': '"1"' } });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toEqual({ studentId: devon, guardianId: sam.guardian.id, otherStudents: 1 });
    expect(await guardianOf(devon, sam.guardian.id, admin)).toBeUndefined();
    expect((await guardianOf(casey, sam.guardian.id, admin)).link.relationship).toBe('uncle');
    expect(await guardianRows('Hart')).toHaveLength(1);
    expect(await auditOf(devon, 'student-guardian')).toMatchObject([
      { action: 'create' },
      { action: 'delete', reason: 'entered on the wrong student', details: { guardianId: sam.guardian.id, ended: { relationship: 'father', first_name: 'Samuel' } } },
    ]);
    expect((await t.app.inject({ method: 'DELETE', url, headers: { ...admin, 'if-match': '"1"' } })).statusCode).toBe(404);
  });

  it('keeps emergency contacts who are not guardians, against the version seen', async () => {
    const clerk = await as('clerk');
    const { blake } = t.world.students;
    const contact = { firstName: 'Lena', lastName: 'Rivers', relationship: 'aunt', phone: '(213) 555-0142', contactOrder: 1, mayPickUp: true };
    const bad = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/contacts`, headers: clerk, payload: { ...contact, phone: 'call me' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toMatchObject([{ field: 'body.phone' }]);
    const added = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/contacts`, headers: clerk, payload: contact });
    expect(added.statusCode, added.body).toBe(201);
    const lena = added.json();
    expect(lena).toMatchObject({ name: { first: 'Lena', last: 'Rivers' }, alternatePhone: null, mayPickUp: true, version: 1 });
    const url = `/api/students/${blake}/contacts/${lena.id}`;
    expect((await t.app.inject({ method: 'PUT', url, headers: clerk, payload: contact })).statusCode).toBe(428);
    const changed = await t.app.inject({ method: 'PUT', url, headers: { ...clerk, 'if-match': '"1"' }, payload: { ...contact, alternatePhone: '(213) 555-0143', mayPickUp: false } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ alternatePhone: '(213) 555-0143', mayPickUp: false, version: 2 });
    expect((await t.app.inject({ method: 'PUT', url, headers: { ...clerk, 'if-match': '"1"' }, payload: contact })).statusCode).toBe(412);
    expect((await family(blake, clerk)).json().contacts).toMatchObject([{ id: lena.id, relationship: 'aunt' }]);
    expect((await t.app.inject({ method: 'DELETE', url, headers: { ...clerk, 'if-match': '"1"' } })).statusCode).toBe(412);
    expect((await t.app.inject({ method: 'DELETE', url, headers: { ...clerk, 'if-match': '"2"' } })).statusCode).toBe(200);
    expect((await family(blake, clerk)).json().contacts).toEqual([]);
    expect((await auditOf(blake, 'student-contact')).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('lets staff read the families the student record lets them see, and only the office change them', async () => {
    const { avery, devon } = t.world.students;
    const teacher = await as('teacher');
    expect((await family(avery, teacher)).json().mayChange).toBe(false);
    expect((await addGuardian(avery, teacher, { guardian: { firstName: 'Ana', lastName: 'Lopez' }, ...rights })).statusCode).toBe(403);
    expect((await family(devon, await as('counselor'))).json()).toMatchObject({ studentId: devon, mayChange: false });
    expect((await family(avery, await as('clerk'))).json().mayChange).toBe(true);
    expect((await family(avery, await as('south-principal'))).statusCode).toBe(404);
    expect((await addGuardian(devon, await as('clerk'), { guardian: { firstName: 'Ana', lastName: 'Lopez' }, ...rights })).statusCode).toBe(404);
    // The help desk sees what the office sees, and changes nothing.
    const agent = await as('helpdesk');
    expect((await family(avery, agent)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/view-as', headers: agent, payload: { username: 'clerk', reason: 'ticket 5120: pick-up list' } })).statusCode).toBe(200);
    expect((await family(avery, agent)).json().mayChange).toBe(false);
    const write = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/contacts`, headers: agent, payload: { firstName: 'Ana', lastName: 'Lopez', relationship: 'aunt', phone: '(213) 555-0100', contactOrder: 1, mayPickUp: false } });
    expect(write.json().code).toBe('read-only-view');
    expect((await family(avery, await as('parent'))).statusCode).toBe(403);
    expect((await family(avery, await as('student'))).statusCode).toBe(403);
    const reads = await t.db.selectFrom('audit_event').select('entity').where('student_id', '=', avery).where('action', '=', 'read').where('entity', '=', 'family').execute();
    expect(reads.length).toBeGreaterThan(0);
  });
});
