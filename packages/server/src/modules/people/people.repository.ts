import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** All of people and accounts' SQL: staff and their assignments, accounts, role grants, the district's SSO setting. */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const day = (column: string) => sql<string>`${sql.ref(column)}::text`;
const dayOrNull = (column: string) => sql<string | null>`${sql.ref(column)}::text`;

// ---- Staff ----

/**
 * Staff with an assignment at the school that has not ended by the day (or anywhere, for the
 * district's list), by name; one more than the limit, so the caller can say the list is cut.
 */
export async function staffOnList(db: Handle, districtId: number, filter: { schoolId: number | null; search: string | null; today: string; limit: number }) {
  let query = db
    .selectFrom('staff as s')
    .select(['s.id', 's.local_id', 's.first_name', 's.last_name', 's.email', 's.active'])
    .where('s.district_id', '=', districtId);
  if (filter.schoolId !== null) {
    query = query.where(sql<boolean>`exists (select 1 from staff_assignment a where a.district_id = s.district_id and a.staff_id = s.id
      and a.school_id = ${filter.schoolId} and (a.end_date is null or a.end_date > ${filter.today}::date))`);
  }
  if (filter.search !== null) {
    const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(s.first_name || ' ' || s.last_name)`, 'like', pattern), eb(sql`lower(s.local_id)`, 'like', pattern)]));
  }
  return query.orderBy('s.last_name').orderBy('s.first_name').orderBy('s.id').limit(filter.limit + 1).execute();
}

/** Assignments of these staff not ended by the day, with their school's name. */
export async function currentAssignmentsOf(db: Handle, districtId: number, staffIds: readonly number[], today: string) {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('staff_assignment as a')
    .innerJoin('school as sc', (j) => j.onRef('sc.district_id', '=', 'a.district_id').onRef('sc.id', '=', 'a.school_id'))
    .select(['a.staff_id', 'a.school_id', 'sc.name as school_name', 'a.role', 'a.title'])
    .where('a.district_id', '=', districtId)
    .where('a.staff_id', 'in', staffIds)
    .where(sql<boolean>`(a.end_date is null or a.end_date > ${today}::date)`)
    .orderBy('a.start_date')
    .execute();
}

export async function staffMemberById(db: Handle, districtId: number, staffId: number) {
  return db.selectFrom('staff').select(['id', 'local_id', 'first_name', 'last_name', 'email', 'active', 'version']).where('district_id', '=', districtId).where('id', '=', staffId).executeTakeFirst();
}

export async function assignmentsOfStaffMember(db: Handle, districtId: number, staffId: number) {
  return db
    .selectFrom('staff_assignment as a')
    .innerJoin('school as sc', (j) => j.onRef('sc.district_id', '=', 'a.district_id').onRef('sc.id', '=', 'a.school_id'))
    .innerJoin('school_year as y', (j) => j.onRef('y.district_id', '=', 'a.district_id').onRef('y.id', '=', 'a.school_year_id'))
    .select(['a.id', 'a.school_id', 'sc.name as school_name', 'a.school_year_id', 'y.name as school_year', 'a.role', 'a.title', sql<string>`a.fte::text`.as('fte'), day('a.start_date').as('start_date'), dayOrNull('a.end_date').as('end_date'), 'a.version'])
    .where('a.district_id', '=', districtId)
    .where('a.staff_id', '=', staffId)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export async function insertStaffMember(db: Handle, values: { district_id: number; local_id: string; first_name: string; last_name: string; email: string | null }): Promise<number> {
  return Number((await db.insertInto('staff').values(values).returning('id').executeTakeFirstOrThrow()).id);
}

export async function employeeIdTaken(db: Handle, districtId: number, employeeId: string, exceptStaffId: number | null = null): Promise<boolean> {
  let query = db.selectFrom('staff').select('id').where('district_id', '=', districtId).where('local_id', '=', employeeId);
  if (exceptStaffId !== null) query = query.where('id', '<>', exceptStaffId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Changes the staff member only if still at the version seen; undefined when someone else changed it first. */
export async function updateStaffMember(db: Handle, districtId: number, staffId: number, expectedVersion: number, values: { first_name: string; last_name: string; email: string | null; active: boolean }) {
  return db
    .updateTable('staff')
    .set({ ...values, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', staffId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

export interface AssignmentValues {
  school_id: number;
  school_year_id: number;
  role: string;
  title: string | null;
  fte: string;
  start_date: string;
  end_date: string | null;
}

export async function insertAssignment(db: Handle, districtId: number, staffId: number, values: AssignmentValues): Promise<number> {
  return Number((await db.insertInto('staff_assignment').values({ district_id: districtId, staff_id: staffId, ...values }).returning('id').executeTakeFirstOrThrow()).id);
}

export async function assignmentForUpdate(db: Handle, districtId: number, staffId: number, assignmentId: number) {
  return db
    .selectFrom('staff_assignment')
    .select(['id', 'school_id', 'school_year_id', 'role', 'title', sql<string>`fte::text`.as('fte'), day('start_date').as('start_date'), dayOrNull('end_date').as('end_date'), 'version'])
    .where('district_id', '=', districtId)
    .where('staff_id', '=', staffId)
    .where('id', '=', assignmentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateAssignment(db: Handle, districtId: number, assignmentId: number, expectedVersion: number, values: AssignmentValues) {
  return db
    .updateTable('staff_assignment')
    .set({ ...values, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', assignmentId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

// ---- Accounts ----

const accountColumns = ['id', 'username', 'display_name', 'disabled', 'staff_id', 'student_id', 'guardian_id', 'version', sql<boolean>`password_hash is not null`.as('has_password'), sql<boolean>`oidc_subject is not null`.as('linked')] as const;

export async function accountsOfStaff(db: Handle, districtId: number, staffIds: readonly number[]) {
  if (staffIds.length === 0) return [];
  return db.selectFrom('app_user').select([...accountColumns]).where('district_id', '=', districtId).where('staff_id', 'in', staffIds).orderBy('id').execute();
}

export async function accountOfStudent(db: Handle, districtId: number, studentId: number) {
  return db.selectFrom('app_user').select([...accountColumns]).where('district_id', '=', districtId).where('student_id', '=', studentId).orderBy('id').executeTakeFirst();
}

export async function accountsOfGuardians(db: Handle, districtId: number, guardianIds: readonly number[]) {
  if (guardianIds.length === 0) return [];
  return db.selectFrom('app_user').select([...accountColumns]).where('district_id', '=', districtId).where('guardian_id', 'in', guardianIds).orderBy('id').execute();
}

export async function accountForUpdate(db: Handle, districtId: number, userId: number) {
  return db.selectFrom('app_user').select([...accountColumns]).where('district_id', '=', districtId).where('id', '=', userId).forUpdate().executeTakeFirst();
}

export async function insertPersonAccount(
  db: Handle,
  values: { district_id: number; username: string; display_name: string; password_hash: string | null; staff_id?: number; student_id?: number; guardian_id?: number },
): Promise<number> {
  return Number((await db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow()).id);
}

export async function setAccountDisabled(db: Handle, districtId: number, userId: number, disabled: boolean) {
  return db
    .updateTable('app_user')
    .set({ disabled, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .returning('version')
    .executeTakeFirstOrThrow();
}

/** Revokes the API tokens the account issued that still answer; how many. */
export async function revokeApiTokensOf(db: Handle, districtId: number, userId: number): Promise<number> {
  const result = await db.updateTable('api_token').set({ revoked_at: sql`now()` }).where('district_id', '=', districtId).where('created_by', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- Role grants ----

export async function grantsOf(db: Handle, districtId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('user_role as r')
    .leftJoin('school as sc', (j) => j.onRef('sc.district_id', '=', 'r.district_id').onRef('sc.id', '=', 'r.school_id'))
    .leftJoin('app_user as g', (j) => j.onRef('g.district_id', '=', 'r.district_id').onRef('g.id', '=', 'r.granted_by'))
    .leftJoin('app_user as e', (j) => j.onRef('e.district_id', '=', 'r.district_id').onRef('e.id', '=', 'r.ended_by'))
    .select(['r.id', 'r.user_id', 'r.role', 'r.school_id', 'sc.name as school_name', dayOrNull('r.starts_on').as('starts_on'), dayOrNull('r.ends_on').as('ends_on'), 'r.granted_at', 'g.username as granted_by', 'e.username as ended_by'])
    .where('r.district_id', '=', districtId)
    .where('r.user_id', 'in', userIds)
    .orderBy('r.granted_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** Grants of the same role at the same school whose days meet the new one's (open ends are open). */
export async function overlappingGrants(db: Handle, districtId: number, userId: number, grant: { role: string; schoolId: number | null; startsOn: string; endsOn: string | null }) {
  return db
    .selectFrom('user_role')
    .select(['id', dayOrNull('starts_on').as('starts_on'), dayOrNull('ends_on').as('ends_on')])
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('role', '=', grant.role)
    .where(sql<boolean>`coalesce(school_id, 0) = ${grant.schoolId ?? 0}`)
    .where(sql<boolean>`(ends_on is null or ends_on > ${grant.startsOn}::date)`)
    .where(grant.endsOn === null ? sql<boolean>`true` : sql<boolean>`(starts_on is null or starts_on < ${grant.endsOn}::date)`)
    .execute();
}

export async function insertGrant(db: Handle, values: { district_id: number; user_id: number; role: string; school_id: number | null; starts_on: string | null; ends_on: string | null; granted_by: number }): Promise<number> {
  return Number((await db.insertInto('user_role').values(values).returning('id').executeTakeFirstOrThrow()).id);
}

export async function grantForUpdate(db: Handle, districtId: number, userId: number, grantId: number) {
  return db
    .selectFrom('user_role')
    .select(['id', 'role', 'school_id', dayOrNull('starts_on').as('starts_on'), dayOrNull('ends_on').as('ends_on')])
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .where('id', '=', grantId)
    .forUpdate()
    .executeTakeFirst();
}

export async function endGrant(db: Handle, districtId: number, grantId: number, endsOn: string, endedBy: number) {
  await db.updateTable('user_role').set({ ends_on: endsOn, ended_by: endedBy }).where('district_id', '=', districtId).where('id', '=', grantId).execute();
}

// ---- Students and guardians ----

export async function studentNamed(db: Handle, districtId: number, studentId: number) {
  return db.selectFrom('student').select(['id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', '=', studentId).executeTakeFirst();
}

export async function guardiansOfStudent(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('student_guardian as sg')
    .innerJoin('guardian as g', (j) => j.onRef('g.district_id', '=', 'sg.district_id').onRef('g.id', '=', 'sg.guardian_id'))
    .select(['g.id', 'g.first_name', 'g.last_name', 'sg.relationship'])
    .where('sg.district_id', '=', districtId)
    .where('sg.student_id', '=', studentId)
    .orderBy('sg.contact_order')
    .orderBy('g.id')
    .execute();
}

export async function guardianNamed(db: Handle, districtId: number, guardianId: number) {
  return db.selectFrom('guardian').select(['id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', '=', guardianId).executeTakeFirst();
}

/** The students of a guardian, for the scope of who may give the guardian an account. */
export async function studentsOfGuardian(db: Handle, districtId: number, guardianId: number): Promise<number[]> {
  const rows = await db.selectFrom('student_guardian').select('student_id').where('district_id', '=', districtId).where('guardian_id', '=', guardianId).execute();
  return rows.map((r) => Number(r.student_id));
}

/** The school of the student's primary enrollment that holds on the day, if any. */
export async function schoolOfStudentOn(db: Handle, districtId: number, studentId: number, today: string): Promise<number | null> {
  const row = await db
    .selectFrom('enrollment')
    .select('school_id')
    .where('district_id', '=', districtId)
    .where('student_id', '=', studentId)
    .where('is_primary', '=', true)
    .where('entry_date', '<=', today)
    .where(sql<boolean>`(exit_date is null or exit_date > ${today}::date)`)
    .orderBy('entry_date', 'desc')
    .executeTakeFirst();
  return row ? Number(row.school_id) : null;
}

// ---- Single sign-on ----

export async function ssoSettingOf(db: Handle, districtId: number) {
  return db
    .selectFrom('district_sso_setting as s')
    .leftJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 's.district_id').onRef('u.id', '=', 's.updated_by'))
    .select(['s.employee_id_claim', 's.student_id_claim', 's.version', 's.updated_at', 'u.username as updated_by'])
    .where('s.district_id', '=', districtId)
    .executeTakeFirst();
}

export async function ssoSettingForUpdate(db: Handle, districtId: number) {
  return db.selectFrom('district_sso_setting').select(['employee_id_claim', 'student_id_claim', 'version']).where('district_id', '=', districtId).forUpdate().executeTakeFirst();
}

/** The district's first setting; undefined when another administrator saved one first. */
export async function insertSsoSetting(db: Handle, districtId: number, values: { employee_id_claim: string | null; student_id_claim: string | null; updated_by: number }) {
  return db.insertInto('district_sso_setting').values({ district_id: districtId, ...values }).onConflict((oc) => oc.column('district_id').doNothing()).returning('version').executeTakeFirst();
}

export async function updateSsoSetting(db: Handle, districtId: number, expectedVersion: number, values: { employee_id_claim: string | null; student_id_claim: string | null; updated_by: number }) {
  return db
    .updateTable('district_sso_setting')
    .set({ ...values, updated_at: sql`now()`, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}
