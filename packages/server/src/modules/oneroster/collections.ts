import { ROSTER, ROSTER_CORE, ROSTER_DEMOGRAPHICS } from '../../auth/api-token-scopes.ts';
import { ACADEMIC_SESSIONS, CLASSES, COURSES, DEMOGRAPHICS, ENROLLMENTS, ORGS, STUDENTS, TEACHERS, USERS, type RosterSource } from './oneroster.repository.ts';

export const ONEROSTER_BASE = '/ims/oneroster/rostering/v1p2';

type Row = Record<string, unknown>;

/** A reference to another object, as the binding writes one (GUIDRefDType). */
const ref = (path: string, sourcedId: unknown, type: string) => (sourcedId === null || sourcedId === undefined ? undefined : { href: `${ONEROSTER_BASE}/${path}/${String(sourcedId)}`, sourcedId: String(sourcedId), type });
const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
const bool = (value: unknown) => value === 'true' || value === true;

/** What one kind of object is: where it is read from, which fields a client may filter or sort on, and its JSON. */
export interface Collection {
  /** The JSON key of a list ("orgs") and of one object ("org"). */
  plural: string;
  singular: string;
  source: RosterSource;
  /** Fields a filter or a sort may name: the source's columns of the same names. */
  fields: readonly string[];
  /** The binding's fields of the JSON object, for `fields=` selection. */
  jsonFields: readonly string[];
  toJson(row: Row): Record<string, unknown>;
  /** The OneRoster scopes that admit it. */
  scopes: readonly string[];
  /** Whether rows are students' records: reading them writes the audit trail. */
  students: boolean;
}

const BASE_FIELDS = ['sourcedId', 'status', 'dateLastModified'] as const;
const base = (row: Row) => ({ sourcedId: String(row.sourcedId), status: String(row.status), dateLastModified: String(row.dateLastModified), metadata: undefined as unknown });
/**
 * An object's fields after the base fields. Not `{ ...base(row), … }`: V8 builds a spread followed by
 * more fields slowly (a page of 1,000 users took 15 ms of CPU to map, against 0.3 ms this way).
 */
const withBase = <T extends object>(row: Row, fields: T) => Object.assign(base(row), fields);
const CORE = [ROSTER, ROSTER_CORE, 'oneroster.read'] as const;

const orgJson = (row: Row) => withBase(row, { name: String(row.name), type: String(row.type), identifier: text(row.identifier), parent: ref('orgs', row.parentSourcedId, 'org'), children: undefined });

export const ORG_COLLECTION: Collection = {
  plural: 'orgs', singular: 'org', source: ORGS, scopes: CORE, students: false,
  fields: [...BASE_FIELDS, 'name', 'type', 'identifier', 'parentSourcedId'],
  jsonFields: [...BASE_FIELDS, 'metadata', 'name', 'type', 'identifier', 'parent', 'children'],
  toJson: orgJson,
};

const sessionJson = (row: Row) => withBase(row, {
  title: String(row.title),
  startDate: String(row.startDate),
  endDate: String(row.endDate),
  type: String(row.type),
  parent: ref('academicSessions', row.parentSourcedId, 'academicSession'),
  schoolYear: String(row.schoolYear),
});
const SESSION_FIELDS = [...BASE_FIELDS, 'title', 'type', 'startDate', 'endDate', 'schoolYear', 'parentSourcedId'] as const;
const SESSION_JSON = [...BASE_FIELDS, 'metadata', 'title', 'startDate', 'endDate', 'type', 'parent', 'children', 'schoolYear'] as const;

export const ACADEMIC_SESSION_COLLECTION: Collection = { plural: 'academicSessions', singular: 'academicSession', source: ACADEMIC_SESSIONS, scopes: CORE, students: false, fields: SESSION_FIELDS, jsonFields: SESSION_JSON, toJson: sessionJson };

const courseJson = (row: Row) => withBase(row, {
  title: String(row.title),
  courseCode: text(row.courseCode),
  grades: (row._grades as string[] | null) ?? [],
  subjects: row._subject ? [String(row._subject)] : [],
  org: ref('orgs', row.orgSourcedId, 'org')!,
  subjectCodes: row._subjectCode ? [String(row._subjectCode)] : [],
});
export const COURSE_COLLECTION: Collection = {
  plural: 'courses', singular: 'course', source: COURSES, scopes: CORE, students: false,
  fields: [...BASE_FIELDS, 'title', 'courseCode', 'orgSourcedId'],
  jsonFields: [...BASE_FIELDS, 'metadata', 'title', 'schoolYear', 'courseCode', 'grades', 'subjects', 'org', 'subjectCodes', 'resources'],
  toJson: courseJson,
};

const classJson = (row: Row) => withBase(row, {
  title: String(row.title),
  classCode: text(row.classCode),
  classType: String(row.classType),
  location: text(row.location),
  grades: (row._grades as string[] | null) ?? [],
  subjects: row._subject ? [String(row._subject)] : [],
  course: ref('courses', row.courseSourcedId, 'course')!,
  school: ref('schools', row.schoolSourcedId, 'org')!,
  terms: ((row._terms as string[] | null) ?? []).map((id) => ref('terms', id, 'academicSession')!),
  subjectCodes: row._subjectCode ? [String(row._subjectCode)] : [],
  periods: (row._periods as string[] | null) ?? [],
});
export const CLASS_COLLECTION: Collection = {
  plural: 'classes', singular: 'class', source: CLASSES, scopes: CORE, students: false,
  fields: [...BASE_FIELDS, 'title', 'classCode', 'classType', 'location', 'courseSourcedId', 'schoolSourcedId'],
  jsonFields: [...BASE_FIELDS, 'metadata', 'title', 'classCode', 'classType', 'location', 'grades', 'subjects', 'course', 'school', 'terms', 'subjectCodes', 'periods', 'resources'],
  toJson: classJson,
};

interface StaffRole {
  role: string;
  school: string;
  begin: string | null;
  end: string | null;
}

/**
 * A user. A student who opted out of the directory is sent with the rostering fields only (the
 * district's default): names, roles, grades and enrollments, no middle or preferred name.
 */
const userJson = (row: Row) => {
  const staffRoles = row._roles as StaffRole[] | null | undefined;
  const roles = staffRoles
    ? staffRoles.map((r, i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role: r.role, org: ref('orgs', r.school, 'org')!, ...(r.begin ? { beginDate: r.begin } : {}), ...(r.end ? { endDate: r.end } : {}) }))
    : [{ roleType: 'primary', role: String(row.role), org: ref('orgs', row.primaryOrgSourcedId, 'org') ?? ref('orgs', 'unknown', 'org')! }];
  const agents = ((row._agents as string[] | null) ?? []).map((id) => ref('users', id, 'user')!);
  return withBase(row, {
    userMasterIdentifier: text(row.userMasterIdentifier),
    username: text(row.username),
    userIds: row._stateId ? [{ type: 'stateId', identifier: String(row._stateId) }] : [],
    enabledUser: bool(row.enabledUser),
    givenName: String(row.givenName),
    familyName: String(row.familyName),
    middleName: text(row.middleName),
    preferredFirstName: text(row.preferredFirstName),
    roles,
    agents,
    primaryOrg: ref('orgs', row.primaryOrgSourcedId, 'org'),
    email: text(row.email),
    grades: row.grade ? [String(row.grade)] : [],
    userProfiles: [],
  });
};
const USER_FIELDS = [...BASE_FIELDS, 'username', 'userMasterIdentifier', 'enabledUser', 'givenName', 'familyName', 'middleName', 'preferredFirstName', 'role', 'email', 'primaryOrgSourcedId', 'grade'] as const;
const USER_JSON = [...BASE_FIELDS, 'metadata', 'userMasterIdentifier', 'username', 'userIds', 'enabledUser', 'givenName', 'familyName', 'middleName', 'preferredFirstName', 'pronouns', 'roles', 'userProfiles', 'identifier', 'email', 'sms', 'phone', 'agents', 'grades', 'password', 'resources', 'primaryOrg'] as const;

export const USER_COLLECTION: Collection = { plural: 'users', singular: 'user', source: USERS, scopes: CORE, students: true, fields: USER_FIELDS, jsonFields: USER_JSON, toJson: userJson };
export const STUDENT_COLLECTION: Collection = { ...USER_COLLECTION, source: STUDENTS };
export const TEACHER_COLLECTION: Collection = { ...USER_COLLECTION, source: TEACHERS, students: false };

const enrollmentJson = (row: Row) => withBase(row, {
  class: ref('classes', row.classSourcedId, 'class')!,
  user: ref('users', row.userSourcedId, 'user')!,
  school: ref('schools', row.schoolSourcedId, 'org')!,
  role: String(row.role),
  primary: bool(row.primary),
  beginDate: text(row.beginDate),
  endDate: text(row.endDate),
});
export const ENROLLMENT_COLLECTION: Collection = {
  plural: 'enrollments', singular: 'enrollment', source: ENROLLMENTS, scopes: CORE, students: true,
  fields: [...BASE_FIELDS, 'role', 'primary', 'beginDate', 'endDate', 'classSourcedId', 'userSourcedId', 'schoolSourcedId'],
  jsonFields: [...BASE_FIELDS, 'metadata', 'user', 'class', 'school', 'role', 'primary', 'beginDate', 'endDate'],
  toJson: enrollmentJson,
};

const demographicsJson = (row: Row) => withBase(row, {
  birthDate: text(row.birthDate),
  sex: String(row.sex),
  americanIndianOrAlaskaNative: bool(row['_american-indian']),
  asian: bool(row._asian),
  blackOrAfricanAmerican: bool(row._black),
  nativeHawaiianOrOtherPacificIslander: bool(row['_pacific-islander']),
  white: bool(row._white),
  demographicRaceTwoOrMoreRaces: bool(row.demographicRaceTwoOrMoreRaces),
  hispanicOrLatinoEthnicity: row.hispanicOrLatinoEthnicity === null ? undefined : bool(row.hispanicOrLatinoEthnicity),
});
export const DEMOGRAPHICS_COLLECTION: Collection = {
  plural: 'demographics', singular: 'demographics', source: DEMOGRAPHICS, scopes: [ROSTER, ROSTER_DEMOGRAPHICS, 'oneroster.read'], students: true,
  fields: [...BASE_FIELDS, 'birthDate', 'sex', 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity'],
  jsonFields: [...BASE_FIELDS, 'metadata', 'birthDate', 'sex', 'americanIndianOrAlaskaNative', 'asian', 'blackOrAfricanAmerican', 'nativeHawaiianOrOtherPacificIslander', 'white', 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity', 'countryOfBirthCode', 'stateOfBirthAbbreviation', 'cityOfBirth', 'publicSchoolResidenceStatus'],
  toJson: demographicsJson,
};
