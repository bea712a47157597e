import type { FastifyReply, FastifyRequest } from 'fastify';
import { SSO_STATE_COOKIE, SSO_STATE_MINUTES, type SsoClient } from '../../auth/sso.ts';
import { SSO_CALLBACK_PATH } from '../../auth/sso-config.ts';
import { Problem } from '../../http/problem.ts';
import { singleSignOn } from '@homeroom/core/api/session';
import { route } from '../../http/route.ts';
import { setSessionCookie } from './auth.routes.ts';
import { signInWithSso } from './sign-in-with-sso.ts';

const COOKIE_PATH = '/api/auth/sso';

function configured(request: FastifyRequest): SsoClient {
  const sso = request.server.sso;
  if (!sso) throw new Problem(404, 'sso-not-configured', 'Sign-in with a district account is not set up', 'Sign in with your Homeroom username and password, or ask the help desk.');
  return sso;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The callback is a page the browser lands on, not a call from the web app: a person who is
 * refused gets a page they can read, a program still gets the problem document.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  reply.clearCookie(SSO_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: request.server.secureCookies, path: COOKIE_PATH });
  if (!(request.headers.accept ?? '').includes('text/html')) throw problem;
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Homeroom: sign-in</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; line-height: 1.5">
<h1>${escapeHtml(problem.title)}</h1><p>${escapeHtml(problem.detail ?? '')}</p><p><a href="/">Back to the sign-in page</a></p></body></html>`;
  return reply.code(problem.status).type('text/html; charset=utf-8').send(page);
}

export const ssoRoutes = [
  route({
    method: 'GET',
    url: '/api/auth/sso',
    operationId: 'viewSingleSignOn',
    summary: 'Whether this district signs in with its own accounts (single sign-on), for the sign-in page',
    tag: 'auth',
    access: { kind: 'public' },
    response: { description: 'Whether to show "Sign in with your district account"', schema: singleSignOn },
    async handler({ request }) {
      const enabled = request.server.sso !== null;
      return { enabled, startUrl: enabled ? '/api/auth/sso/start' : null };
    },
  }),
  route({
    method: 'GET',
    url: '/api/auth/sso/start',
    operationId: 'startSingleSignOn',
    summary: "Start signing in with the district's account: redirects to the district's sign-in page",
    tag: 'auth',
    access: { kind: 'public' },
    response: { status: 302, description: "Redirect to the district's identity provider" },
    async handler({ request, reply }) {
      const { authorizationUrl, stateCookie } = await configured(request).start();
      reply.setCookie(SSO_STATE_COOKIE, stateCookie, { httpOnly: true, sameSite: 'lax', secure: request.server.secureCookies, path: COOKIE_PATH, maxAge: SSO_STATE_MINUTES * 60 });
      return reply.redirect(authorizationUrl.href, 302);
    },
  }),
  route({
    method: 'GET',
    url: SSO_CALLBACK_PATH,
    operationId: 'finishSingleSignOn',
    summary: "Where the district's identity provider sends the browser back; signs in and redirects to the app",
    tag: 'auth',
    access: { kind: 'public' },
    response: { status: 303, description: 'Signed in: redirect to the web app' },
    async handler({ db, request, reply, origin }) {
      try {
        const sso = configured(request);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const identity = await sso.finish(query, request.cookies[SSO_STATE_COOKIE], (error) =>
          request.log.warn({ err: { type: error.name, code: (error as { code?: unknown }).code, message: error.message } }, 'single sign-on: the answer from the identity provider was refused'),
        );
        const { session } = await signInWithSso(db, identity, sso.config, { ...origin, userAgent: request.headers['user-agent'] ?? null });
        reply.clearCookie(SSO_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: request.server.secureCookies, path: COOKIE_PATH });
        setSessionCookie(request, reply, session.token);
        return reply.redirect('/', 303);
      } catch (error) {
        if (error instanceof Problem) return refuse(request, reply, error);
        throw error;
      }
    },
  }),
];
