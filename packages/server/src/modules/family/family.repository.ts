// The SQL of a student's family: guardians, their links to the student, and emergency contacts.
// Every function takes the transaction handle. Edits name the version the user saw and change
// nothing (answer null) when someone saved in between.
import { sql, type Updateable } from 'kysely';
import { studentScope } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import type { GuardianTable, StudentContactTable, StudentGuardianTable } from '../../db/schema.ts';

const digitsOf = (column: string) => sql`regexp_replace(coalesce(${sql.ref(column)}, ''), '[^0-9]', '', 'g')`;

/** The schools where the student is enrolled on the day: whose office keeps their family. */
export async function currentSchoolsOf(db: Handle, districtId: number, studentId: number, today: string): Promise<number[]> {
  const rows = await db.selectFrom('enrollment').select('school_id').distinct()
    .where('district_id', '=', districtId).where('student_id', '=', studentId)
    .where('entry_date', '<=', today).where((eb) => eb.or([eb('exit_date', 'is', null), eb('exit_date', '>', today)]))
    .execute();
  return rows.map((r) => Number(r.school_id));
}

const LINK_COLUMNS = [
  'sg.relationship', 'sg.lives_with', 'sg.has_custody', 'sg.educational_rights', 'sg.access_restricted', 'sg.may_pick_up', 'sg.emergency_contact', 'sg.contact_order',
  'sg.court_order_note', 'sg.court_order_issued', 'sg.court_order_expires', 'sg.version as link_version',
] as const;

/** The student's guardians with their rights, in contact order; `guardianId` narrows to one link (locked for an edit). */
export async function guardiansOfStudent(db: Handle, districtId: number, studentId: number, options: { guardianId?: number; lock?: boolean } = {}) {
  let query = db
    .selectFrom('student_guardian as sg')
    .innerJoin('guardian as g', (join) => join.onRef('g.district_id', '=', 'sg.district_id').onRef('g.id', '=', 'sg.guardian_id'))
    .select(['g.id', 'g.first_name', 'g.last_name', 'g.email', 'g.phone', 'g.preferred_language', 'g.version', ...LINK_COLUMNS])
    .select(sql<number>`(select count(*) from student_guardian o where o.district_id = sg.district_id and o.guardian_id = sg.guardian_id and o.student_id <> sg.student_id)::int`.as('other_students'))
    .where('sg.district_id', '=', districtId)
    .where('sg.student_id', '=', studentId);
  if (options.guardianId !== undefined) query = query.where('sg.guardian_id', '=', options.guardianId);
  if (options.lock) query = query.forUpdate();
  const rows = await query.orderBy('sg.contact_order').orderBy('g.last_name').orderBy('g.first_name').orderBy('g.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), other_students: Number(r.other_students) }));
}
export type GuardianOfStudent = Awaited<ReturnType<typeof guardiansOfStudent>>[number];

export async function contactsOfStudent(db: Handle, districtId: number, studentId: number, options: { contactId?: number; lock?: boolean } = {}) {
  let query = db.selectFrom('student_contact')
    .select(['id', 'first_name', 'last_name', 'relationship', 'phone', 'alternate_phone', 'contact_order', 'may_pick_up', 'version'])
    .where('district_id', '=', districtId).where('student_id', '=', studentId);
  if (options.contactId !== undefined) query = query.where('id', '=', options.contactId);
  if (options.lock) query = query.forUpdate();
  const rows = await query.orderBy('contact_order').orderBy('last_name').orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
export type ContactOfStudent = Awaited<ReturnType<typeof contactsOfStudent>>[number];

export interface GuardianSearch {
  lastName: string;
  firstName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * Guardians already in the district's records. `exact`: the duplicate check before a second
 * record (the same first and last name and the same email or phone); otherwise the office's
 * search (last name beginning with, and any first name, email or phone it gives).
 */
export async function findGuardians(db: Handle, districtId: number, search: GuardianSearch, mode: 'exact' | 'search') {
  const last = search.lastName.trim().toLowerCase();
  const first = search.firstName?.trim().toLowerCase() || null;
  const email = search.email?.trim().toLowerCase() || null;
  const phone = search.phone?.replace(/[^0-9]/g, '') || null;
  const rows = await db.selectFrom('guardian as g')
    .select(['g.id', 'g.first_name', 'g.last_name', 'g.email', 'g.phone', 'g.preferred_language'])
    .where('g.district_id', '=', districtId)
    .where((eb) => {
      if (mode === 'exact') {
        const same = [...(email ? [eb(sql`lower(g.email)`, '=', email)] : []), ...(phone ? [eb(digitsOf('g.phone'), '=', phone)] : [])];
        return eb.and([eb(sql`lower(g.last_name)`, '=', last), eb(sql`lower(g.first_name)`, '=', first ?? ''), same.length ? eb.or(same) : sql<boolean>`false`]);
      }
      return eb.and([
        eb(sql`lower(g.last_name)`, 'like', `${last.replace(/[\\%_]/g, '\\$&')}%`),
        ...(first ? [eb(sql`lower(g.first_name)`, 'like', `${first.replace(/[\\%_]/g, '\\$&')}%`)] : []),
        ...(email ? [eb(sql`lower(g.email)`, '=', email)] : []),
        ...(phone ? [eb(digitsOf('g.phone'), '=', phone)] : []),
      ]);
    })
    .orderBy(sql`lower(g.last_name)`).orderBy(sql`lower(g.first_name)`).orderBy('g.id')
    .limit(20)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The students each guardian is linked to, with whether the actor may see each one. */
export async function studentsOfGuardians(db: Handle, actor: Actor, guardianIds: number[]) {
  if (guardianIds.length === 0) return [];
  const rows = await db.selectFrom('student_guardian as sg')
    .innerJoin('student as s', (join) => join.onRef('s.district_id', '=', 'sg.district_id').onRef('s.id', '=', 'sg.student_id'))
    .select(['sg.guardian_id', 's.id', 's.first_name', 's.last_name', studentScope(actor, sql.ref('s.id')).as('visible')])
    .where('sg.district_id', '=', actor.districtId)
    .where('sg.guardian_id', 'in', guardianIds)
    .orderBy('s.last_name').orderBy('s.first_name').orderBy('s.id')
    .execute();
  return rows.map((r) => ({ guardianId: Number(r.guardian_id), id: Number(r.id), first_name: r.first_name, last_name: r.last_name, visible: Boolean(r.visible) }));
}

export async function guardianById(db: Handle, districtId: number, guardianId: number, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('guardian').select(['id', 'first_name', 'last_name', 'email', 'phone', 'preferred_language', 'version'])
    .where('district_id', '=', districtId).where('id', '=', guardianId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

/** The other students linked to a guardian: a change of the guardian's details shows on their records too. */
export async function otherStudentsOfGuardian(db: Handle, districtId: number, guardianId: number, exceptStudentId: number): Promise<number[]> {
  const rows = await db.selectFrom('student_guardian').select('student_id').where('district_id', '=', districtId).where('guardian_id', '=', guardianId).where('student_id', '<>', exceptStudentId).execute();
  return rows.map((r) => Number(r.student_id));
}

export async function insertGuardian(db: Handle, values: { district_id: number; first_name: string; last_name: string; email: string | null; phone: string | null; preferred_language?: string }): Promise<number> {
  const row = await db.insertInto('guardian').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertGuardianLink(db: Handle, values: { district_id: number; student_id: number; guardian_id: number } & Omit<Updateable<StudentGuardianTable>, 'district_id' | 'student_id' | 'guardian_id' | 'version'> & { relationship: string }) {
  await db.insertInto('student_guardian').values(values).execute();
}

export async function updateGuardian(db: Handle, districtId: number, guardianId: number, expectedVersion: number, changes: Updateable<GuardianTable>): Promise<number | null> {
  const row = await db.updateTable('guardian').set({ ...changes, version: sql`version + 1` })
    .where('district_id', '=', districtId).where('id', '=', guardianId).where('version', '=', expectedVersion)
    .returning('version').executeTakeFirst();
  return row ? row.version : null;
}

export async function updateGuardianLink(db: Handle, districtId: number, studentId: number, guardianId: number, expectedVersion: number, changes: Updateable<StudentGuardianTable>): Promise<number | null> {
  const row = await db.updateTable('student_guardian').set({ ...changes, version: sql`version + 1` })
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('guardian_id', '=', guardianId).where('version', '=', expectedVersion)
    .returning('version').executeTakeFirst();
  return row ? row.version : null;
}

/** Ends a link; the guardian record stays (other students, an account, attendance notes may name it). */
export async function deleteGuardianLink(db: Handle, districtId: number, studentId: number, guardianId: number, expectedVersion: number): Promise<boolean> {
  const rows = await db.deleteFrom('student_guardian')
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('guardian_id', '=', guardianId).where('version', '=', expectedVersion)
    .returning('guardian_id').execute();
  return rows.length > 0;
}

export async function insertContact(db: Handle, values: Omit<Updateable<StudentContactTable>, 'id' | 'version'> & { district_id: number; student_id: number; first_name: string; last_name: string; relationship: string; phone: string }): Promise<number> {
  const row = await db.insertInto('student_contact').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateContact(db: Handle, districtId: number, studentId: number, contactId: number, expectedVersion: number, changes: Updateable<StudentContactTable>): Promise<number | null> {
  const row = await db.updateTable('student_contact').set({ ...changes, version: sql`version + 1` })
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('id', '=', contactId).where('version', '=', expectedVersion)
    .returning('version').executeTakeFirst();
  return row ? row.version : null;
}

export async function deleteContact(db: Handle, districtId: number, studentId: number, contactId: number, expectedVersion: number): Promise<boolean> {
  const rows = await db.deleteFrom('student_contact')
    .where('district_id', '=', districtId).where('student_id', '=', studentId).where('id', '=', contactId).where('version', '=', expectedVersion)
    .returning('id').execute();
  return rows.length > 0;
}
