import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { API_REFERENCE_STYLES, apiReferencePage } from './http/api-docs.ts';
import { openApiDocument } from './http/openapi.ts';
import { answerError, imsxStatus, ONEROSTER_PATH, problemServerOptions, refuseWhileClosing } from './http/errors.ts';
import { Problem } from './http/problem.ts';
import { registerRoutes } from './http/route.ts';
import { routeTable } from './routes.ts';
import { SsoClient } from './auth/sso.ts';
import { systemClock, type Clock } from './clock.ts';
import type { SsoConfig } from './auth/sso-config.ts';
import type { TrustProxy } from './config.ts';
import { inProcessJobQueue, type JobQueue } from './jobs/queue.ts';
import type { ReadReplica } from './db/read-replica.ts';
import { registerAdmission, type AdmissionLimits } from './http/admission.ts';
import { countServerErrors } from './modules/alerts/server-errors.ts';

export interface AppContext {
  db: Kysely<Database>;
  /** Single sign-on with the district's identity provider; none by default. */
  sso?: SsoConfig | null;
  /** Where the server reads the time; the system's by default, a fixed one in tests. */
  clock?: Clock;
  /**
   * Whose X-Forwarded-For to believe (TRUST_PROXY); no one by default, so that a client cannot
   * choose the address the sign-in limit counts and the audit trail records.
   */
  trustProxy?: TrustProxy;
  /** Secure cookies, the session cookie named __Host- (SECURE_COOKIES); on unless said otherwise. */
  secureCookies?: boolean;
  /**
   * Where background jobs go: pg-boss for workers (`homeroom serve` on PostgreSQL), or run in this
   * process (the embedded database; the default). The caller closes a queue it passes.
   */
  jobs?: JobQueue;
  /** A streaming replica for the reads that may lag (DATABASE_READ_URL); none by default. */
  readReplica?: ReadReplica;
  /** Not ready (/api/ready) until warmUp() has run: `homeroom serve`. Ready at once by default. */
  coldStart?: boolean;
  /** A bounded number of requests served and queued; the rest answered 503 with Retry-After. Unbounded by default. */
  admission?: AdmissionLimits;
}

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** The built web app's folder; default packages/web/dist (tests bring their own). */
  webAppDir?: string;
}

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/**
 * Logs name the route, never the URL: a URL can carry a student's id, and logs must never hold
 * student names or ids.
 */
const serializers = {
  req: (request: { method: string; routeOptions?: { url?: string }; id: string }) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched', requestId: request.id }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

/** Builds the Homeroom app without listening, so tests can inject requests. */
export async function buildApp(context: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === false ? false : { ...(typeof options.logger === 'object' ? options.logger : {}), serializers };
  // A long path parameter reaches validation and gets a problem document, not the router's bare 414.
  const app = Fastify({ logger, bodyLimit: 1024 * 1024, trustProxy: context.trustProxy ?? false, routerOptions: { maxParamLength: 8000 }, genReqId: () => randomUUID(), ...problemServerOptions });

  app.setErrorHandler(answerError);
  countServerErrors(app, context.db);
  // A district package is uploaded as the body: handed to its route as a stream, written to disk
  // there, never buffered (and so not bound by bodyLimit; the route sets its own limit).
  app.addContentTypeParser(['application/zip', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', refuseWhileClosing(() => closing));
  app.decorate('readiness', { ready: !context.coldStart, warmUpMs: null });
  if (context.admission) registerAdmission(app, context.admission);

  app.setNotFoundHandler((request, reply) => {
    // Only a page of the web app is answered with the app; anything else not found is an error.
    if (request.url.startsWith('/api/') || request.url.startsWith('/ims/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      const problem = new Problem(404, 'no-such-route', 'No such page in the API', `${request.method} ${request.url.split('?')[0]} is not a Homeroom API route. See /api/health.`);
      if (request.url.startsWith(ONEROSTER_PATH)) return reply.code(404).type('application/json').send(imsxStatus(problem));
      return reply.code(404).type('application/problem+json').send(problem.toDocument());
    }
    // The web app routes in the browser: every other path gets its page.
    return reply.sendFile('index.html');
  });

  app.decorate('sso', context.sso ? new SsoClient(context.sso) : null);
  app.decorate('secureCookies', context.secureCookies ?? true);
  await app.register(fastifyCookie);
  // OAuth 2.0's token endpoint is sent forms (RFC 6749 §4.4.2), never JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // Security headers; the web app sets a few style attributes, hence inline styles.
  // No upgrade-insecure-requests: a school may serve Homeroom over plain http on its own network, and
  // the browser would then ask for the app's scripts over https and fail.
  // The same for every response, so worked out once: helmet's middleware per request cost as much
  // as a database statement on the first morning.
  const headers = securityHeaders({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } } });
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    // The id a person can give the help desk, and the web app keeps with a failed request.
    reply.header('x-request-id', request.id);
  });
  registerRoutes(app, context.db, routeTable, context.clock ?? systemClock, context.jobs ?? inProcessJobQueue(context.db, context.readReplica), context.readReplica);

  const openApi = openApiDocument(routeTable);
  app.get('/api/openapi.json', async () => openApi);
  const reference = apiReferencePage(openApi);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(reference));
  app.get('/api/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(API_REFERENCE_STYLES));

  const built = options.webAppDir ?? path.join(webRoot, 'dist');
  // The build writes a Brotli and a gzip copy of each script and page (precompress.ts): sent to a
  // browser that takes them, they cut a first load from about 560 KiB to about a quarter, at no
  // cost per request. Vary, so that a cache between never hands Brotli to a browser without it.
  await app.register(fastifyStatic, {
    root: existsSync(built) ? built : path.join(webRoot, 'public'),
    wildcard: false,
    preCompressed: true,
    setHeaders: (response) => response.setHeader('vary', 'accept-encoding'),
  });
  return app;
}

/** The headers helmet sets with these options, read off its middleware once. */
export function securityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // helmet calls back at once; a version that did not would leave the headers unset, silently.
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}
