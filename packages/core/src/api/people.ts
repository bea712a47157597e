import { z } from 'zod';
import { ROLES } from './session.ts';

/** The contract of people and accounts (#17): staff and their assignments, accounts, role grants, single sign-on linking. */
const id = z.number().int();
const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const version = z.number().int();

/** What a staff member is assigned as at a school (the staff list's words, not the roles of an account). */
export const ASSIGNMENT_ROLES = ['teacher', 'counselor', 'principal', 'assistant-principal', 'attendance-clerk', 'office', 'help-desk'] as const;

/** Roles given to staff accounts by a grant; a student's and a guardian's come with their account. */
export const STAFF_GRANT_ROLES = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk'] as const;
/** Roles held district-wide (no school); every other staff role is held at a school. */
export const DISTRICT_WIDE_ROLES: readonly string[] = ['district-admin', 'help-desk'];

/**
 * ID-token claims a person can change themself at most identity providers (their name, their
 * e-mail, their preferred username), and the protocol's own claims: linking an account by one of
 * these would let someone claim another person's Homeroom account. The district's employee or
 * student number comes in a claim only the district's directory sets.
 */
export const UNLINKABLE_CLAIMS: readonly string[] = [
  'sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'azp', 'at_hash', 'c_hash', 'auth_time', 'acr', 'amr', 'sid',
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at',
  'upn', 'unique_name', 'mail',
];

export const CLAIM_NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,100}$/;

/** Why a claim cannot link accounts, or null when it can. */
export function claimRefusal(name: string): string | null {
  if (!CLAIM_NAME_PATTERN.test(name)) return 'must be the name of an ID token claim (letters, digits, _ . : / -, at most 100)';
  if (UNLINKABLE_CLAIMS.includes(name.toLowerCase())) return `${name} is a claim a person can change or the protocol's own; choose the claim your directory fills with the employee or student number`;
  return null;
}

export const roleGrantRow = z.strictObject({
  id,
  role: z.string(),
  /** null: district-wide */
  schoolId: id.nullable(),
  schoolName: z.string().nullable(),
  /** The first day it gives access; null: since it was granted. */
  startsOn: date.nullable(),
  /** The first day it no longer does; null: open. */
  endsOn: date.nullable(),
  /** Whether it gives access on the district's day. */
  holdsToday: z.boolean(),
  grantedAt: instant,
  grantedBy: z.string().nullable(),
  endedBy: z.string().nullable(),
});

export const accountSummary = z.strictObject({
  userId: id,
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  /** Linked to a district (single sign-on) account at a first sign-in: never re-linked. */
  linkedToDistrictAccount: z.boolean(),
  version,
  grants: z.array(roleGrantRow),
});

/** Who a staff member is, on the list and on their page. */
const staffNames = { id, employeeId: z.string(), firstName: z.string(), lastName: z.string(), email: z.string().nullable(), active: z.boolean() };

export const staffListEntry = z.strictObject({
  ...staffNames,
  /** Current assignments, as "teacher at Northside High". */
  assignments: z.array(z.strictObject({ schoolId: id, schoolName: z.string(), role: z.string(), title: z.string().nullable() })),
  account: z.strictObject({ userId: id, username: z.string(), disabled: z.boolean(), roles: z.array(z.strictObject({ role: z.string(), schoolId: id.nullable() })) }).nullable(),
});

export const staffList = z.strictObject({
  staff: z.array(staffListEntry),
  /** More staff matched than one answer holds: narrow the search. */
  truncated: z.boolean(),
});

export const staffAssignment = z.strictObject({
  id,
  schoolId: id,
  schoolName: z.string(),
  schoolYearId: id,
  schoolYear: z.string(),
  role: z.string(),
  title: z.string().nullable(),
  /** Full-time equivalent, exact: "0.500". */
  fte: z.string(),
  startDate: date,
  endDate: date.nullable(),
  version,
});

export const staffMember = z.strictObject({
  ...staffNames,
  version,
  assignments: z.array(staffAssignment),
  account: accountSummary.nullable(),
});

export const createdAccount = z.strictObject({ userId: id, username: z.string(), grants: z.array(roleGrantRow) });

export const accountDisabled = z.strictObject({ userId: id, disabled: z.boolean(), sessionsEnded: z.number().int(), apiTokensRevoked: z.number().int(), version });

/** A student's account and their guardians' accounts, for the student record's panel. */
export const studentAccounts = z.strictObject({
  studentId: id,
  student: z.strictObject({ name: z.string(), account: accountSummary.nullable() }),
  guardians: z.array(z.strictObject({ guardianId: id, name: z.string(), relationship: z.string().nullable(), account: accountSummary.nullable() })),
});

export const ssoSetting = z.strictObject({
  /** Whether the district signs in with its identity provider at all (OIDC_* settings). */
  ssoEnabled: z.boolean(),
  /** Saved by a district administrator: then these claims rule, not the environment's. */
  saved: z.boolean(),
  employeeIdClaim: z.string().nullable(),
  studentIdClaim: z.string().nullable(),
  /** OIDC_EMPLOYEE_ID_CLAIM and OIDC_STUDENT_ID_CLAIM, which apply until the district saves its own. */
  fromEnvironment: z.strictObject({ employeeIdClaim: z.string().nullable(), studentIdClaim: z.string().nullable() }),
  /** 0 until saved; send it as If-Match. */
  version,
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});

export const grantableRole = z.enum(STAFF_GRANT_ROLES);
export const anyRole = z.enum(ROLES);

export type RoleGrantRow = z.output<typeof roleGrantRow>;
export type AccountSummary = z.output<typeof accountSummary>;
export type StaffList = z.output<typeof staffList>;
export type StaffListEntry = z.output<typeof staffListEntry>;
export type StaffMember = z.output<typeof staffMember>;
export type StaffAssignment = z.output<typeof staffAssignment>;
export type StudentAccounts = z.output<typeof studentAccounts>;
export type SsoSetting = z.output<typeof ssoSetting>;
export type AccountDisabled = z.output<typeof accountDisabled>;
