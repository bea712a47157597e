import type { IsoDate } from '@homeroom/core/attendance/index';
import { ROLES, type Role } from '@homeroom/core/api/session';

export { ROLES, type Role };

export const STAFF_ROLES: readonly Role[] = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk'];

export interface RoleGrant {
  role: Role;
  /** null: district-wide */
  schoolId: number | null;
}

/** Who is asking: the signed-in user, or the user a help-desk agent is viewing as (read-only). */
export interface Actor {
  districtId: number;
  userId: number;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  staffId: number | null;
  studentId: number | null;
  guardianId: number | null;
  /** Set when a help-desk agent views as this user: every request is read-only and audited as the agent. */
  viewedBy: { userId: number; username: string } | null;
  /** How the request was authenticated: a browser session (CSRF applies) or an API token. */
  via: 'session' | 'token';
  /** An API token's scopes; null for a person's session. */
  tokenScopes: string[] | null;
  /**
   * The integration acting, when a token authenticated the request: an API token (acting with its
   * issuer's roles, narrowed by its scopes) or an OAuth 2.0 client (OneRoster scopes only). The
   * audit trail names it.
   */
  integration: { kind: 'api-token' | 'oauth-client'; id: number; name: string; /** An OAuth client's public id. */ clientId?: string } | null;
  /** The district's time zone (an IANA name). */
  timeZone: string;
  /**
   * The district's calendar day when the request began, in its time zone: every date rule of the
   * request (scope "as of today", attendance windows, marks due dates) reads this one day, so a
   * request that runs past midnight judges one day, and no rule falls back to UTC's.
   */
  today: IsoDate;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((grant) => roles.includes(grant.role));
}

/** Schools where the actor holds one of these roles; 'all' for a district-wide grant. */
export function schoolsWhere(actor: Actor, ...roles: Role[]): number[] | 'all' {
  const grants = actor.roles.filter((grant) => roles.includes(grant.role));
  if (grants.some((grant) => grant.schoolId === null)) return 'all';
  return [...new Set(grants.map((grant) => grant.schoolId!))];
}

export function primaryRole(actor: Actor): Role {
  return ROLES.find((role) => hasRole(actor, role)) ?? 'student';
}
