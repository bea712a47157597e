import { z } from 'zod';

/**
 * The contract of the HTTP API, shared by the server (its routes declare these as their response
 * schemas, and the tests parse every answer with them) and the web app (its types are these
 * schemas' output types, imported as types only, so no schema reaches the browser's bundle).
 * Objects are strict: a field the server sends that the contract does not name fails a test.
 */

/** The roles of the people who use Homeroom, in the school's words. */
export const ROLES = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian'] as const;
export type Role = (typeof ROLES)[number];

const isoDate = z.iso.date();

export const roleGrant = z.strictObject({ role: z.enum(ROLES), /** null: district-wide */ schoolId: z.number().int().nullable() });

export const sessionUser = z.strictObject({
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleGrant),
  staffId: z.number().int().nullable(),
  studentId: z.number().int().nullable(),
  guardianId: z.number().int().nullable(),
  /** Set while a help-desk agent views as this user (read-only). */
  viewedBy: z.strictObject({ userId: z.number().int(), username: z.string() }).nullable(),
  /** The district's time zone: every "today" on a screen is the district's day, not the browser's. */
  timeZone: z.string(),
  /** The district's day when the session was read. */
  today: isoDate,
});

/** Who is signed in; the CSRF token is null for a caller without a browser session. */
export const session = z.strictObject({ user: sessionUser, csrfToken: z.string().nullable() });

/** A sign-in also says when the session ends at the latest. */
export const signedIn = session.extend({ expiresAt: z.iso.datetime({ offset: true }) });

export const sessionsEnded = z.strictObject({ sessionsEnded: z.number().int() });

export const viewingAs = z.strictObject({ viewing: sessionUser });

export const singleSignOn = z.strictObject({ enabled: z.boolean(), startUrl: z.string().nullable() });

export type RoleGrant = z.output<typeof roleGrant>;
export type SessionUser = z.output<typeof sessionUser>;
export type Session = z.output<typeof session>;
