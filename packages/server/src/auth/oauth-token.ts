import type { Kysely, Transaction } from 'kysely';
import { calendarDayIn } from '@homeroom/core/attendance/index';
import { systemClock, type Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { Problem } from '../http/problem.ts';
import { oauthTokenWithRequestCounted } from '../modules/oauth/oauth.repository.ts';
import type { Actor } from './roles.ts';
import { tokenHash } from './sessions.ts';

/** The prefix of an OAuth client's bearer token, so that one lookup, not two, finds a token. */
export const OAUTH_TOKEN_PREFIX = 'hro_';

/**
 * The OAuth client behind a bearer token. A client reads the whole district's rosters (what a
 * district administrator registered it for), and only through the routes its scopes admit; it has
 * no person behind it, so the audit trail names the client. Past its requests for the minute it is
 * told the service is busy.
 */
export async function actorForOAuthToken(db: Kysely<Database> | Transaction<Database>, token: string, clock: Clock = systemClock): Promise<Actor | null> {
  const row = await oauthTokenWithRequestCounted(db, tokenHash(token));
  if (!row) return null;
  if (row.requests > row.limit) {
    throw new Problem(429, 'server_busy', 'Too many requests', `This client may make ${row.limit} requests a minute; wait a moment and try again.`, { retryAfterSeconds: 60 });
  }
  return {
    districtId: row.district_id,
    userId: 0,
    username: `oauth:${row.client_id}`,
    displayName: `OAuth client ${row.name}`,
    roles: [{ role: 'district-admin', schoolId: null }],
    staffId: null,
    studentId: null,
    guardianId: null,
    viewedBy: null,
    via: 'token',
    tokenScopes: row.scopes,
    integration: { kind: 'oauth-client', id: row.id, name: row.name, clientId: row.client_id },
    timeZone: row.time_zone,
    today: calendarDayIn(clock.now(), row.time_zone),
  };
}
