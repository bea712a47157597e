import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/roles.ts';
import { endSession, sessionCookieName } from '../../auth/sessions.ts';
import { Problem } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { signIn, signInInput } from './sign-in.ts';
import { signOutEverywhere } from './sign-out-everywhere.ts';
import { startViewingAs, stopViewingAs, viewAsInput } from './view-as.ts';
import { session as sessionResponse, sessionsEnded, signedIn, viewingAs } from '@homeroom/core/api/session';

function describeActor(actor: Actor) {
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    staffId: actor.staffId,
    studentId: actor.studentId,
    guardianId: actor.guardianId,
    viewedBy: actor.viewedBy,
    // The web app tells the district's day from these, never from the browser's zone or UTC.
    timeZone: actor.timeZone,
    today: actor.today,
  };
}

/**
 * No Max-Age: the browser forgets the session when it closes, so closing the browser on a shared
 * computer in the library signs its user out; the server ends it after 12 hours in any case.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  const secure = request.server.secureCookies;
  reply.setCookie(sessionCookieName(secure), token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** With the same attributes as it was set with: a browser ignores a __Host- cookie's removal without Secure. */
function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  const secure = request.server.secureCookies;
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export const authRoutes = [
  route({
    method: 'POST',
    url: '/api/auth/sign-in',
    operationId: 'signIn',
    summary: 'Sign in with a username and password; sets the session cookie',
    tag: 'auth',
    access: { kind: 'public' },
    body: signInInput,
    response: { description: 'The signed-in user and the CSRF token to send as X-CSRF-Token on every change', schema: signedIn },
    async handler({ body, db, request, reply, origin }) {
      const { actor, session } = await signIn(db, body, { ...origin, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, session.token);
      return { user: describeActor(actor), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  }),
  route({
    method: 'GET',
    url: '/api/auth/session',
    operationId: 'viewSession',
    summary: 'Who is signed in, and the CSRF token for changes',
    tag: 'auth',
    access: { kind: 'signed-in', roles: 'any' },
    response: { description: 'The signed-in user', schema: sessionResponse },
    async handler({ actor, session }) {
      return { user: describeActor(actor), csrfToken: session?.csrfToken ?? null };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/sign-out',
    operationId: 'signOut',
    summary: 'Sign out of this browser',
    tag: 'auth',
    access: { kind: 'signed-in', roles: 'any', allowWhileViewing: true },
    response: { status: 204, description: 'Signed out' },
    async handler({ db, session, request, reply }) {
      if (session) await endSession(db, session.sessionId);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/sign-out-everywhere',
    operationId: 'signOutEverywhere',
    summary: 'Sign out of every browser and device (a lost laptop, a shared computer)',
    tag: 'auth',
    access: { kind: 'signed-in', roles: 'any', allowWhileViewing: true },
    response: { description: 'How many sessions ended', schema: sessionsEnded },
    async handler({ db, session, request, reply, origin }) {
      if (!session) throw new Problem(400, 'not-a-session', 'Only a person signed in with a browser can do this');
      const ended = await signOutEverywhere(db, session, origin);
      clearSessionCookie(request, reply);
      return { sessionsEnded: ended };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/view-as',
    operationId: 'startViewingAs',
    summary: 'Help desk: see what a user sees, read-only; audited',
    tag: 'auth',
    access: { kind: 'signed-in', roles: ['help-desk'] },
    body: viewAsInput,
    response: { description: 'The user now being viewed', schema: viewingAs },
    async handler({ db, body, session, origin }) {
      if (!session) throw new Problem(400, 'not-a-session', 'Only a person signed in with a browser can do this');
      return { viewing: describeActor(await startViewingAs(db, session, origin, body)) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/auth/view-as',
    operationId: 'stopViewingAs',
    summary: 'Help desk: stop viewing as another user',
    tag: 'auth',
    access: { kind: 'signed-in', roles: 'any', allowWhileViewing: true },
    response: { status: 204, description: 'Back to your own view' },
    async handler({ db, session, reply, origin }) {
      if (!session?.actor.viewedBy) throw new Problem(409, 'not-viewing', 'You are not viewing as another user');
      await stopViewingAs(db, session, origin);
      return reply.code(204).send();
    },
  }),
];

