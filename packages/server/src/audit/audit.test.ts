import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/testing.ts';
import { auditIsAbout, auditOfStudents, writeAudit, writeAuditForStudents } from './audit.repository.ts';

describe.each(testDatabaseKinds())('the audit of a request about many students on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let teacher: Actor;
  const origin = { ip: '192.0.2.7' };
  const listsOf = async (entity: string) =>
    handle.db.selectFrom('audit_event').select(['student_id', 'student_ids', 'entity_id', 'user_id', 'role']).where('entity', '=', entity).orderBy('id').execute();

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    const district = await handle.db.insertInto('district').values({ code: 'AUD', name: 'Audit Unified' }).returning('id').executeTakeFirstOrThrow();
    teacher = { districtId: district.id, userId: 41, username: 'terry', displayName: 'Terry Tan', roles: [{ role: 'teacher', schoolId: 7 }], staffId: 5, studentId: null, guardianId: null, viewedBy: null, via: 'session', tokenScopes: null, integration: null, timeZone: 'America/Los_Angeles', today: '2026-09-03' };
  });
  afterAll(async () => handle?.close());

  it('writes one row that names each student once, in order of id, and no student of its own', async () => {
    await writeAuditForStudents(handle.db, teacher, origin, { action: 'list', entity: 'roster-of-many', schoolId: 7 }, [30, 10, 20, 10]);
    expect(await listsOf('roster-of-many')).toEqual([{ student_id: null, student_ids: [10, 20, 30], entity_id: null, user_id: 41, role: 'teacher' }]);
  });

  it('writes a list of one as a list too, and a search by that student finds it beside their own events', async () => {
    await writeAuditForStudents(handle.db, teacher, origin, { action: 'list', entity: 'list-of-one' }, [10]);
    await writeAudit(handle.db, teacher, origin, { action: 'read', entity: 'list-of-one', studentId: 10 });
    expect((await listsOf('list-of-one')).map((r) => [r.student_id, r.student_ids])).toEqual([
      [null, [10]],
      [10, null],
    ]);
    const about = await handle.db.selectFrom('audit_event').select('entity').where(auditIsAbout(10)).execute();
    expect(about.map((r) => r.entity).sort()).toEqual(['list-of-one', 'list-of-one', 'roster-of-many']);
    expect(await handle.db.selectFrom('audit_event').select('id').where(auditIsAbout(99)).execute()).toEqual([]);
  });

  it('writes nothing for a request that found no students, called directly or embedded in a statement', async () => {
    await writeAuditForStudents(handle.db, teacher, origin, { action: 'list', entity: 'empty-list' }, []);
    const nobody = auditOfStudents(teacher, origin, { action: 'read', entity: 'empty-list' }, sql`select student_id from roster`);
    const { rows } = await sql<{ n: number }>`with roster as (select 1::bigint as student_id where false), audited as (${nobody}) select count(*)::int as n from roster`.execute(handle.db);
    expect(rows).toEqual([{ n: 0 }]);
    expect(await listsOf('empty-list')).toEqual([]);
  });

  it('names the row the same statement inserts, when embedded with an entity id in SQL', async () => {
    const audit = auditOfStudents(teacher, origin, { action: 'update', entity: 'embedded', entityId: sql`select 4242` }, sql`select unnest(${[3, 1, 2]}::bigint[]) as student_id`);
    await sql`with audited as (${audit}) select 1`.execute(handle.db);
    expect(await listsOf('embedded')).toEqual([{ student_id: null, student_ids: [1, 2, 3], entity_id: '4242', user_id: 41, role: 'teacher' }]);
  });

  it('keeps a list append-only, and refuses a row that names a student both ways or an empty list', async () => {
    await expect(handle.db.updateTable('audit_event').set({ student_ids: [10] }).where('entity', '=', 'roster-of-many').execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('audit_event').where('entity', '=', 'roster-of-many').execute()).rejects.toThrow(/append-only/);
    const row = { district_id: teacher.districtId, action: 'read', entity: 'forged' };
    await expect(handle.db.insertInto('audit_event').values({ ...row, student_id: 10, student_ids: [20] }).execute()).rejects.toThrow(/audit_event_one_student_or_a_list/);
    await expect(handle.db.insertInto('audit_event').values({ ...row, student_ids: [] }).execute()).rejects.toThrow(/audit_event_one_student_or_a_list/);
    expect((await listsOf('roster-of-many'))[0]?.student_ids).toEqual([10, 20, 30]);
  });
});
