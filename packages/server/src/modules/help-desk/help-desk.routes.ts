import { z } from 'zod';
import { failedRequestList, helpDeskFigures, reportContext, reportedTicket, ticket, ticketList, ticketPriority, ticketStatus } from '@homeroom/core/api/help-desk';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { schoolText } from '../../http/text.ts';
import { answerTicket } from './answer-ticket.ts';
import { changeTicket } from './change-ticket.ts';
import { listMyTickets } from './list-my-tickets.ts';
import { listTicketQueue } from './list-ticket-queue.ts';
import { reportProblem } from './report-problem.ts';
import { viewFailedRequests } from './view-failed-requests.ts';
import { viewHelpDeskFigures } from './view-help-desk-figures.ts';
import { viewTicket } from './view-ticket.ts';

const ticketParams = z.strictObject({ ticketId: z.coerce.number().int().positive() });
const EXAMPLE_CONTEXT = { screen: '/sections/12/attendance', records: [{ kind: 'section', id: 12 }], failedRequests: [], userAgent: 'Mozilla/5.0' };

export const helpDeskRoutes = [
  route({
    method: 'POST',
    url: '/api/help-desk/tickets',
    operationId: 'reportProblem',
    summary: 'Report a problem: what happened, with the screen, the records open, the last failed requests and the browser; anything resembling a password or token is removed',
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: 'any' },
    body: z.strictObject({ whatHappened: schoolText(4000, 3), context: reportContext }),
    example: { body: { whatHappened: 'Attendance for period 2 will not save', context: EXAMPLE_CONTEXT } },
    response: { status: 201, description: 'The ticket, and how many things that looked like secrets were removed', schema: reportedTicket },
    async handler({ db, actor, origin, body, reply }) {
      const result = await reportProblem(db, actor, origin, body);
      reply.header('etag', etagOf(result.ticket.version));
      return result;
    },
  }),
  route({
    method: 'GET',
    url: '/api/help-desk/my-tickets',
    operationId: 'listMyTickets',
    summary: 'The problems I reported, newest first, with where each stands',
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: 'any' },
    response: { description: 'My tickets', schema: ticketList },
    async handler({ db, actor }) {
      return listMyTickets(db, actor);
    },
  }),
  route({
    method: 'GET',
    url: '/api/help-desk/tickets',
    operationId: 'listTicketQueue',
    summary: "The help desk's queue of the users it serves: unresolved first, most urgent first",
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: ['help-desk'] },
    query: z.strictObject({ status: ticketStatus.optional(), priority: ticketPriority.optional(), assigneeId: z.coerce.number().int().positive().optional() }),
    response: { description: 'The queue', schema: ticketList },
    async handler({ db, actor, origin, query }) {
      return listTicketQueue(db, actor, origin, query);
    },
  }),
  route({
    method: 'GET',
    url: '/api/help-desk/tickets/:ticketId',
    operationId: 'viewTicket',
    summary: 'A ticket and its history: for its reporter, or the help desk that serves them (with its notes)',
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: 'any' },
    params: ticketParams,
    response: { description: 'The ticket', schema: ticket },
    async handler({ db, actor, origin, params, reply }) {
      const found = await viewTicket(db, actor, origin, params.ticketId);
      reply.header('etag', etagOf(found.version));
      return found;
    },
  }),
  route({
    method: 'POST',
    url: '/api/help-desk/tickets/:ticketId/answers',
    operationId: 'answerTicket',
    summary: "Answer a ticket (its reporter sees it; the help desk's first answer starts the clock's stop), or add a note for the help desk only",
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: 'any' },
    params: ticketParams,
    body: z.strictObject({ kind: z.enum(['answer', 'note']).default('answer'), body: schoolText(4000) }),
    example: { body: { kind: 'answer', body: 'We restarted the attendance service; please try again.' } },
    response: { status: 201, description: 'The ticket with the answer', schema: ticket },
    async handler({ db, actor, origin, params, body, reply }) {
      const updated = await answerTicket(db, actor, origin, params.ticketId, body);
      reply.header('etag', etagOf(updated.version));
      return updated;
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/help-desk/tickets/:ticketId',
    operationId: 'changeTicket',
    summary: "Help desk: change a ticket's status, priority (with a reason) or assignee; If-Match",
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: ['help-desk'] },
    params: ticketParams,
    body: z
      .strictObject({ status: ticketStatus.optional(), priority: ticketPriority.optional(), priorityReason: schoolText(300).optional(), assigneeId: z.number().int().positive().nullable().optional() })
      .refine((change) => Object.values(change).some((value) => value !== undefined), { message: 'say what changes' }),
    example: { body: { status: 'in-progress' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The ticket as changed', schema: ticket },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const updated = await changeTicket(db, actor, origin, params.ticketId, requiredIfMatch(request), body);
      reply.header('etag', etagOf(updated.version));
      return updated;
    },
  }),
  route({
    method: 'GET',
    url: '/api/help-desk/users/:userId/failed-requests',
    operationId: 'viewFailedRequests',
    summary: "Help desk: a user's recent failed requests (problem code, route, time, request id); no bodies, no student data",
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: ['help-desk'] },
    params: z.strictObject({ userId: z.coerce.number().int().positive() }),
    response: { description: 'The failed requests, newest first', schema: failedRequestList },
    async handler({ db, actor, origin, params }) {
      return viewFailedRequests(db, actor, origin, params.userId);
    },
  }),
  route({
    method: 'GET',
    url: '/api/help-desk/figures',
    operationId: 'viewHelpDeskFigures',
    summary: "The help desk's figures: open tickets by priority, median times to first answer and to resolution, this week's most frequent problem codes",
    tag: 'help-desk',
    access: { kind: 'signed-in', roles: ['help-desk', 'district-admin'] },
    response: { description: 'The figures', schema: helpDeskFigures },
    async handler({ db, actor }) {
      return viewHelpDeskFigures(db, actor);
    },
  }),
];
