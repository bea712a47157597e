import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorForSessionToken } from '../auth/sessions.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { pingDatabase } from '../modules/health/health.repository.ts';

/**
 * Whether this server should be sent traffic (/api/ready), as opposed to whether it is alive
 * (/api/health). A server started at the bell is alive at once but cold: no connections to the
 * database, no statement planned, no code compiled; the first hundred teachers would pay for all
 * of it. It says it is ready once it has warmed up.
 */
export interface Readiness {
  ready: boolean;
  /** How long warming up took, once it has. */
  warmUpMs: number | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

/**
 * Warms a server up before it reports ready: opens every connection of its pool at once (each
 * connection's set-up, and its statements' naming, happen now rather than in a teacher's save),
 * plans the statement every request makes (the session behind a cookie) on each of them, and runs
 * requests through the whole HTTP path so that the hot code is compiled.
 */
export async function warmUp(app: FastifyInstance, db: Kysely<Database>, options: { connections: number; clock: Clock; requests?: number }): Promise<number> {
  const started = performance.now();
  const sessionLookups = Array.from({ length: options.connections }, () => db.connection().execute(async (connection) => {
    await pingDatabase(connection);
    // An unknown token: the lookup runs its statements and finds nobody. Five times, so that
    // PostgreSQL settles on the generic plan it keeps for the connection.
    for (let i = 0; i < 5; i++) await actorForSessionToken(connection, randomBytes(32).toString('base64url'), options.clock);
  }));
  await Promise.all(sessionLookups);
  for (let i = 0; i < (options.requests ?? 50); i++) {
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.inject({ method: 'GET', url: '/api/auth/session' });
  }
  const ms = Math.round(performance.now() - started);
  app.readiness.ready = true;
  app.readiness.warmUpMs = ms;
  return ms;
}
