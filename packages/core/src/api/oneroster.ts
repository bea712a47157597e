import { z } from 'zod';

/**
 * The JSON of OneRoster 1.2's rostering service (REST binding), as Homeroom answers it. Every
 * field is optional in these schemas because a client chooses the fields it wants (`fields=`);
 * what Homeroom always sends without `fields` is the binding's required set.
 */
const ref = z.strictObject({ href: z.string(), sourcedId: z.string(), type: z.enum(['academicSession', 'class', 'course', 'org', 'user', 'term', 'gradingPeriod', 'school', 'student', 'teacher']) });
const date = z.iso.date();
const base = { sourcedId: z.string(), status: z.enum(['active', 'tobedeleted']), dateLastModified: z.iso.datetime(), metadata: z.record(z.string(), z.unknown()) };

export const oneRosterOrg = z.strictObject({ ...base, name: z.string(), type: z.enum(['department', 'school', 'district', 'local', 'state', 'national']), identifier: z.string(), parent: ref, children: z.array(ref) }).partial();
export const oneRosterAcademicSession = z
  .strictObject({ ...base, title: z.string(), startDate: date, endDate: date, type: z.enum(['gradingPeriod', 'semester', 'schoolYear', 'term']), parent: ref, children: z.array(ref), schoolYear: z.string().regex(/^[0-9]{4}$/) })
  .partial();
export const oneRosterCourse = z
  .strictObject({ ...base, title: z.string(), schoolYear: ref, courseCode: z.string(), grades: z.array(z.string()), subjects: z.array(z.string()), org: ref, subjectCodes: z.array(z.string()), resources: z.array(ref) })
  .partial();
export const oneRosterClass = z
  .strictObject({
    ...base, title: z.string(), classCode: z.string(), classType: z.enum(['homeroom', 'scheduled']), location: z.string(), grades: z.array(z.string()), subjects: z.array(z.string()),
    course: ref, school: ref, terms: z.array(ref), subjectCodes: z.array(z.string()), periods: z.array(z.string()), resources: z.array(ref),
  })
  .partial();
const ROLE = z.enum(['aide', 'counselor', 'districtAdministrator', 'guardian', 'parent', 'principal', 'proctor', 'relative', 'siteAdministrator', 'student', 'systemAdministrator', 'teacher']);
export const oneRosterUser = z
  .strictObject({
    ...base, userMasterIdentifier: z.string(), username: z.string(), userIds: z.array(z.strictObject({ type: z.string(), identifier: z.string() })), enabledUser: z.boolean(),
    givenName: z.string(), familyName: z.string(), middleName: z.string(), preferredFirstName: z.string(), pronouns: z.string(),
    roles: z.array(z.strictObject({ roleType: z.enum(['primary', 'secondary']), role: ROLE, org: ref, userProfile: z.string().optional(), beginDate: date.optional(), endDate: date.optional() })),
    userProfiles: z.array(z.unknown()), identifier: z.string(), email: z.string(), sms: z.string(), phone: z.string(), agents: z.array(ref), grades: z.array(z.string()),
    password: z.string(), resources: z.array(ref), primaryOrg: ref,
  })
  .partial();
export const oneRosterEnrollment = z
  .strictObject({ ...base, user: ref, class: ref, school: ref, role: z.enum(['administrator', 'proctor', 'student', 'teacher', 'guardian', 'parent', 'aide']), primary: z.boolean(), beginDate: date, endDate: date })
  .partial();
export const oneRosterDemographics = z
  .strictObject({
    ...base, birthDate: date, sex: z.enum(['male', 'female', 'unspecified', 'other']), americanIndianOrAlaskaNative: z.boolean(), asian: z.boolean(), blackOrAfricanAmerican: z.boolean(),
    nativeHawaiianOrOtherPacificIslander: z.boolean(), white: z.boolean(), demographicRaceTwoOrMoreRaces: z.boolean(), hispanicOrLatinoEthnicity: z.boolean(),
    countryOfBirthCode: z.string(), stateOfBirthAbbreviation: z.string(), cityOfBirth: z.string(), publicSchoolResidenceStatus: z.string(),
  })
  .partial();

export const ONE_ROSTER_OBJECTS = {
  org: oneRosterOrg, academicSession: oneRosterAcademicSession, course: oneRosterCourse, class: oneRosterClass, user: oneRosterUser, enrollment: oneRosterEnrollment, demographics: oneRosterDemographics,
};

/** A list: `{ "users": [ … ] }`, and one object: `{ "user": { … } }`. */
export const oneRosterList = <K extends string>(key: K, object: z.ZodType) => z.strictObject({ [key]: z.array(object) } as Record<K, z.ZodArray<z.ZodType>>);
export const oneRosterSingle = <K extends string>(key: K, object: z.ZodType) => z.strictObject({ [key]: object } as Record<K, z.ZodType>);

/** The binding's error payload (imsx_StatusInfo). */
export const oneRosterError = z.strictObject({
  imsx_codeMajor: z.enum(['success', 'processing', 'failure', 'unsupported']),
  imsx_severity: z.enum(['status', 'warning', 'error']),
  imsx_description: z.string().optional(),
  imsx_CodeMinor: z.strictObject({ imsx_codeMinorField: z.array(z.strictObject({ imsx_codeMinorFieldName: z.string(), imsx_codeMinorFieldValue: z.string() })) }).optional(),
});
