import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { countServerError } from './alerts.repository.ts';

/**
 * Counts the server's errors (5xx) by the minute in the database, where every server process adds
 * to the same figure, for the server-errors alert. A 503 is left out: it is the server shedding
 * load or restarting on purpose, and writing a row for each would add load when there is too much.
 * The count is written after the answer is sent; when the database is what failed, it is lost.
 */
export function countServerErrors(app: FastifyInstance, db: Kysely<Database>): void {
  app.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode < 500 || reply.statusCode === 503) return;
    await countServerError(db).catch(() => undefined);
  });
}
