import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { actorForApiToken, actorForSessionToken, sessionCookieName, type SessionActor } from '../auth/sessions.ts';
import { actorForOAuthToken, OAUTH_TOKEN_PREFIX } from '../auth/oauth-token.ts';
import { hasRole, type Actor, type Role } from '../auth/roles.ts';
import { writeAudit, type RequestOrigin } from '../audit/audit.repository.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { refuseWhileViewing } from '../auth/access.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { ReadReplica } from '../db/read-replica.ts';
import { Problem } from './problem.ts';
import { parseRequest } from './validate.ts';
import { problemFor } from './errors.ts';
import { rememberFailure } from '../modules/help-desk/remember-failed-request.ts';

/**
 * Who may call a route. Every route says so explicitly; the authorization matrix test walks this
 * table, so a route without a rule cannot be added quietly.
 */
export type Access =
  | { kind: 'public' }
  | {
      kind: 'signed-in';
      /** Roles allowed to call the route at all; record-level scope is checked by the use-case. */
      roles: readonly Role[] | 'any';
      /** API token scopes that may call it (integrations); none by default. */
      tokenScopes?: readonly string[];
      /** A help-desk agent viewing as a user may call this write (only "stop viewing"). */
      allowWhileViewing?: boolean;
    };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  session: SessionActor | null;
  origin: RequestOrigin;
  request: FastifyRequest;
  reply: FastifyReply;
  db: Kysely<Database>;
  /**
   * The primary, always: where a route that reads the replica (`reads: 'replica'`) writes its
   * audit rows (auditTarget in db/read-replica.ts). The same handle as `db` without a replica.
   */
  primary: Kysely<Database>;
  /** Where background work is queued: in this process (embedded database) or for workers (pg-boss). */
  jobs: JobQueue;
  /** The app's clock; what day it is for the district is `actor.today`, read from it. */
  clock: Clock;
}

export interface RouteDefinition<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: Method;
  url: string;
  /** The operation's name in the OpenAPI document and in a generated client: a camelCase verb in the school's words. */
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** A valid request, for the OpenAPI document and the authorization tests. */
  example?: { body?: unknown; headers?: Record<string, string> };
  /**
   * The success response. The schema is the contract the web app's types come from and the
   * OpenAPI document shows; it is checked by the tests, never handed to Fastify, whose serializer
   * would silently drop every field the schema does not name.
   */
  response?: {
    status?: number;
    description: string;
    schema?: R;
    /** Other forms of the same answer, chosen by the Accept header (a PDF of a transcript); JSON stays the default. */
    alternatives?: ReadonlyArray<{ mediaType: string; description: string }>;
  };
  /**
   * 'replica': a heavy read that may lag (a report, a list, an export) and writes nothing through
   * `db` (its audit rows go to `primary`): it goes to the read replica when there is one
   * (DATABASE_READ_URL), except for a person whose last write the replica has not replayed yet.
   * An API token or OAuth client carries no cookie: it reads the replica however far behind.
   */
  reads?: 'replica';
  /** What the handler answers is checked against the response schema (a reply sent by hand is not). */
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | FastifyReply>;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType = z.ZodType>(definition: RouteDefinition<P, Q, B, R>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

const unauthenticated = () => new Problem(401, 'sign-in-required', 'Please sign in', 'Your session has ended or you have not signed in. Sign in again to continue; nothing was changed.');

async function authenticate(db: Kysely<Database>, request: FastifyRequest, clock: Clock): Promise<{ actor: Actor; session: SessionActor | null } | null> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const bearer = authorization.slice(7).trim();
    const actor = bearer.startsWith(OAUTH_TOKEN_PREFIX) ? await actorForOAuthToken(db, bearer, clock) : await actorForApiToken(db, bearer, clock);
    return actor ? { actor, session: null } : null;
  }
  const token = request.cookies?.[sessionCookieName(request.server.secureCookies)];
  if (!token) return null;
  const session = await actorForSessionToken(db, token, clock);
  return session ? { actor: session.actor, session } : null;
}

/** A record the caller may not see, or that does not exist: the same answer, so that it reveals nothing. */
const isRefusal = (error: unknown): error is Problem => error instanceof Problem && error.status === 404 && error.code === 'not-found';

const recordId = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/**
 * A refused look at a record leaves a trace: someone trying one student id after another is what a
 * review of the audit trail must find. Written after the work's transaction has rolled back, so it
 * is kept; on the student (or school) asked for, so that "who looked at this student" shows it.
 */
async function auditRefusal(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, definition: RouteDefinition, asked: Record<string, unknown>, refusal: Problem) {
  const ids = Object.fromEntries(Object.entries(asked).filter(([name, value]) => name.endsWith('Id') && recordId(value) !== null));
  await writeAudit(db, actor, origin, {
    action: 'refused',
    entity: `${definition.method} ${definition.url}`,
    studentId: recordId(asked.studentId),
    schoolId: recordId(asked.schoolId),
    reason: refusal.detail ?? refusal.title,
    details: { params: ids },
  });
}

export function registerRoutes(app: FastifyInstance, db: Kysely<Database>, routes: RouteDefinition[], clock: Clock, jobs: JobQueue, replica?: ReadReplica): void {
  // Who asked, for the help desk's copy of a failed request (onError has only the request).
  const askedBy = new WeakMap<FastifyRequest, Actor>();
  for (const definition of routes) {
    const write = definition.method !== 'GET';
    app.route({
      method: definition.method,
      url: definition.url,
      // Kept before the answer goes out, not after: a person who reports a problem right after
      // seeing it must find it in their ticket. A failure is rare and its copy one small insert,
      // and a copy that cannot be written never changes the answer (rememberFailure).
      onError: async (request, _reply, error) => {
        const actor = askedBy.get(request);
        if (!actor) return;
        const problem = problemFor(error);
        await rememberFailure(db, actor, { method: definition.method, route: definition.url, status: problem.status, code: problem.code, requestId: request.id });
      },
      // With a replica, a successful write tells its writer's later reads where the log stood.
      ...(replica && write
        ? { onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            if (reply.statusCode < 400) await replica.rememberWrite(reply, db, request.server.secureCookies);
            return payload;
          } }
        : {}),
      handler: async (request, reply) => {
        let actor: Actor | null = null;
        let session: SessionActor | null = null;
        const access = definition.access;
        if (access.kind === 'signed-in') {
          const found = await authenticate(db, request, clock);
          if (!found) throw unauthenticated();
          ({ actor, session } = found);
          askedBy.set(request, actor);
          if (actor.via === 'token') {
            const allowed = access.tokenScopes?.some((scope) => actor!.tokenScopes?.includes(scope));
            if (!allowed) throw new Problem(403, 'token-scope', 'This API token may not do that', `The token needs one of the scopes: ${(access.tokenScopes ?? []).join(', ') || '(none: people only)'}.`);
            // A token is never more than the account that issued it: the route's roles still apply,
            // to the issuer's roles as they are today.
            if (access.roles !== 'any' && !hasRole(actor, ...access.roles)) {
              throw new Problem(403, 'token-scope', 'This API token may not do that', `The account that issued this token no longer has a role that may do this (${access.roles.join(', ')}).`);
            }
          } else {
            if (write && session) {
              if (request.headers['x-csrf-token'] !== session.csrfToken) {
                throw new Problem(403, 'csrf', 'The page is out of date', 'Reload the page and try again; nothing was changed.');
              }
              if (!access.allowWhileViewing) refuseWhileViewing(actor);
            }
            if (access.roles !== 'any' && !hasRole(actor, ...access.roles)) {
              throw new Problem(403, 'role-not-allowed', 'Your role does not allow this', `This is for ${access.roles.join(', ')}. If you need it, ask your school administrator.`);
            }
          }
        }
        const params = definition.params ? parseRequest(definition.params, request.params, 'params') : request.params;
        const query = definition.query ? parseRequest(definition.query, request.query, 'query') : request.query;
        const body = definition.body ? parseRequest(definition.body, request.body, 'body') : undefined;
        const origin = { ip: request.ip ?? null };
        try {
          const handlerDb = replica && definition.reads === 'replica' ? await replica.handleFor(request, db) : db;
          const result = await definition.handler({ params, query, body, actor: actor!, session, origin, request, reply, db: handlerDb, primary: db, jobs, clock });
          if (definition.response?.status && !reply.sent) reply.code(definition.response.status);
          return result;
        } catch (error) {
          // The ids asked for in the path, or in the query (the audit trail of a student).
          if (actor && isRefusal(error)) await auditRefusal(db, actor, origin, definition, { ...(query as object), ...(params as object) }, error);
          throw error;
        }
      },
    });
  }
}
