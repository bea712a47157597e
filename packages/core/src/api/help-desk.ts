import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../help-desk/report.ts';

/** The contract of the help desk: problem reports (tickets), their queue and figures, a user's failed requests. */
const id = z.number().int();
const at = z.iso.datetime({ offset: true });
const person = z.strictObject({ id, username: z.string(), displayName: z.string() });

/** A request that failed, as the web app remembers it and as the server keeps it: no body, no ids in the route. */
export const failedRequest = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  route: z.string().max(200).regex(/^\/[^?#\s]*$/, 'must be a path without a query'),
  /** 0: the server did not answer. */
  status: z.number().int().min(0).max(599),
  code: z.string().max(60).regex(/^[a-z0-9-]+$/, 'must be a problem code'),
  requestId: z.uuid().nullable(),
  at,
});

/** What the web app sends with a report. Strict: a field it does not name (a password, a token) is refused. */
export const reportContext = z.strictObject({
  screen: z.string().max(300).regex(/^\/[^\s]*$/, 'must be a path of the web app'),
  records: z.array(z.strictObject({ kind: z.string().regex(/^[a-z-]{1,30}$/), id: z.number().int().positive() })).max(10),
  failedRequests: z.array(failedRequest).max(10),
  userAgent: z.string().max(400).nullable(),
});

export const ticketPriority = z.enum(TICKET_PRIORITIES);
export const ticketStatus = z.enum(TICKET_STATUSES);

export const ticketEvent = z.strictObject({
  kind: z.enum(['reported', 'answer', 'note', 'status', 'priority', 'assignment', 'viewed-as']),
  author: person,
  body: z.string().nullable(),
  status: ticketStatus.nullable(),
  priority: ticketPriority.nullable(),
  assignee: person.nullable(),
  at,
});

export const ticket = z.strictObject({
  id,
  reporter: person,
  whatHappened: z.string(),
  screen: z.string().nullable(),
  records: reportContext.shape.records,
  failedRequests: z.array(failedRequest),
  userAgent: z.string().nullable(),
  priority: ticketPriority,
  priorityReason: z.string().nullable(),
  status: ticketStatus,
  assignee: person.nullable(),
  createdAt: at,
  firstAnsweredAt: at.nullable(),
  resolvedAt: at.nullable(),
  version: z.number().int(),
  /** The reporter sees answers and changes; the help desk sees its own notes too. */
  events: z.array(ticketEvent),
});

export const reportedTicket = z.strictObject({ ticket, secretsRemoved: z.number().int() });

export const ticketSummary = ticket.omit({ events: true, failedRequests: true, records: true, userAgent: true });
export const ticketList = z.strictObject({ tickets: z.array(ticketSummary) });

export const failedRequestList = z.strictObject({ user: person, failedRequests: z.array(failedRequest) });

export const helpDeskFigures = z.strictObject({
  openByPriority: z.strictObject({ urgent: z.number().int(), high: z.number().int(), normal: z.number().int(), low: z.number().int() }),
  /** Medians in whole minutes, over the tickets answered (resolved) in the last 30 days; null when none was. */
  medianMinutesToFirstAnswer: z.number().int().nullable(),
  medianMinutesToResolution: z.number().int().nullable(),
  /** This week (since Monday in the district's zone): the ten most frequent problem codes of failed requests. */
  topProblemCodes: z.array(z.strictObject({ code: z.string(), count: z.number().int() })),
});

export type Ticket = z.output<typeof ticket>;
export type TicketSummary = z.output<typeof ticketSummary>;
export type TicketList = z.output<typeof ticketList>;
export type TicketEvent = z.output<typeof ticketEvent>;
export type FailedRequest = z.output<typeof failedRequest>;
export type FailedRequestList = z.output<typeof failedRequestList>;
export type HelpDeskFigures = z.output<typeof helpDeskFigures>;
export type ReportContext = z.output<typeof reportContext>;
