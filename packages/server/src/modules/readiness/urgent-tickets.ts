import type { Measure } from '@homeroom/core/readiness/readiness';
import type { Handle } from '../../db/handle.ts';
import { openUrgentTickets } from '../help-desk/help-desk.repository.ts';
import type { SchoolScope } from './readiness.repository.ts';

/** Where the `open-urgent-tickets` check reads its figure: the help desk's urgent, unresolved tickets. */
export type UrgentTicketsSource = (db: Handle, districtId: number, scope: SchoolScope) => Promise<Measure>;

const EVIDENCE_LISTED = 50;

/** The help desk's urgent tickets still open for the schools judged, each named by its number and why it is urgent. */
export const helpDeskUrgentTickets: UrgentTicketsSource = async (db, districtId, scope) => {
  const { tickets, total } = await openUrgentTickets(db, districtId, scope === 'all' ? 'all' : [...scope], EVIDENCE_LISTED);
  return {
    figure: total,
    evidenceCount: total,
    evidence: tickets.map((t) => ({ detail: `ticket ${t.id}, ${t.status} since ${t.created_at.toISOString().slice(0, 10)}${t.priority_reason ? `: ${t.priority_reason}` : ''}` })),
  };
};
