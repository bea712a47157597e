import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { loadActor, type SessionActor } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { startViewingForTicket } from '../help-desk/link-view-as.ts';
import { setSessionViewingAs, userIdByUsername } from './auth.repository.ts';

// From a ticket: the ticket's id goes into the audit row that starts the view.
export const viewAsInput = z.strictObject({ username: schoolText(100), reason: schoolText(500, 5), ticketId: z.number().int().positive().optional() });

/**
 * The help desk sees what a user sees, read-only, for a reason that is kept; never as another
 * help-desk agent or a district administrator, whose view could change what the help desk may do.
 */
export async function startViewingAs(db: Kysely<Database>, session: SessionActor, origin: RequestOrigin, input: z.output<typeof viewAsInput>): Promise<Actor> {
  const agent = session.signedIn;
  return db.transaction().execute(async (trx) => {
    const userId = await userIdByUsername(trx, agent.districtId, input.username);
    const viewed = userId === null ? null : await loadActor(trx, agent.districtId, userId);
    if (!viewed) throw new Problem(404, 'not-found', 'No such user', `There is no active user named ${input.username}.`);
    if (viewed.roles.some((g) => g.role === 'help-desk' || g.role === 'district-admin')) {
      throw new Problem(403, 'view-as-not-allowed', 'You cannot view as this user', 'The help desk may view as teachers, counselors, clerks, school administrators, students and parents.');
    }
    await setSessionViewingAs(trx, session.sessionId, viewed.userId);
    await startViewingForTicket(trx, agent, origin, viewed, input.ticketId, input.reason);
    return { ...viewed, viewedBy: { userId: agent.userId, username: agent.username } };
  });
}

export async function stopViewingAs(db: Kysely<Database>, session: SessionActor, origin: RequestOrigin): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setSessionViewingAs(trx, session.sessionId, null);
    await writeAudit(trx, session.signedIn, origin, { action: 'view-as-stop', entity: 'user', entityId: session.actor.userId });
  });
}
