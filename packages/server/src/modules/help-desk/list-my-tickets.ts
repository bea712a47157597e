import type { Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { ticketsOfReporter } from './help-desk.repository.ts';
import { ticketSummaryOf } from './ticket-view.ts';

/** The problems a person reported, newest first, with where each stands. Their own words only: not audited. */
export async function listMyTickets(db: Handle, actor: Actor) {
  const rows = await ticketsOfReporter(db, actor.districtId, actor.userId);
  return { tickets: rows.map(ticketSummaryOf) };
}
