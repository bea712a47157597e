import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { rememberFailedRequest } from './help-desk.repository.ts';

/**
 * Keeps a person's failed request for the help desk: its route as the route table names it (no ids),
 * its method, status, problem code and request id; never a body. Only a person's own requests: an
 * integration's token is not someone the help desk serves, and a help desk viewing as a user must not
 * fill that user's list with its own read-only refusals. Never fails the request it describes.
 */
export async function rememberFailure(db: Kysely<Database>, actor: Actor, failure: { method: string; route: string; status: number; code: string; requestId: string }): Promise<void> {
  if (actor.via !== 'session' || actor.viewedBy) return;
  try {
    await rememberFailedRequest(db, { districtId: actor.districtId, userId: actor.userId, ...failure });
  } catch {
    // The answer to the person matters more than the help desk's copy of it.
  }
}
