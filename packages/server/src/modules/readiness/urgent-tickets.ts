import type { Measure } from '@homeroom/core/readiness/readiness';
import type { Handle } from '../../db/handle.ts';
import type { SchoolScope } from './readiness.repository.ts';

/** Where the `open-urgent-tickets` check reads its figure: the help desk's urgent, unresolved tickets. */
export type UrgentTicketsSource = (db: Handle, districtId: number, scope: SchoolScope) => Promise<Measure>;

/**
 * Until the help desk (issue #19, its own module) answers this with its tickets, nothing can say
 * there are none: the check is unknown, and no evidence means no Go.
 */
export const helpDeskUrgentTickets: UrgentTicketsSource = async () => ({ figure: null, reason: 'the help desk does not report its urgent tickets to readiness yet' });
