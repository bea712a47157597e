import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiProblem, apiGet, forgetFailures, setCsrfToken } from './api/client.ts';
import { setDistrictTimeZone } from './format.ts';
import type { Role, Session, SessionUser } from './api/types.ts';
import { clearAllDrafts } from './attendance/draft-store.ts';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when signed out (401 is an answer here, not an error). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiGet<Session>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    setDistrictTimeZone(session.user.timeZone);
    return session;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
}

export function signedIn(client: QueryClient, session: Session): void {
  setCsrfToken(session.csrfToken);
  setDistrictTimeZone(session.user.timeZone);
  client.setQueryData(SESSION_KEY, session);
}

export function signedOut(client: QueryClient): void {
  setCsrfToken(null);
  clearAllDrafts();
  // The next person at this computer does not send this one's failed requests with a report.
  forgetFailures();
  client.removeQueries();
  client.setQueryData(SESSION_KEY, null);
}

// The order decides which home a person with several roles sees first (the server's order).
const ROLE_ORDER: Role[] = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian'];

export function primaryRole(user: SessionUser): Role {
  return ROLE_ORDER.find((role) => hasRole(user, role)) ?? 'student';
}

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
  return user.roles.some((grant) => roles.includes(grant.role));
}

export const STAFF_WITH_STUDENTS: Role[] = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk'];
