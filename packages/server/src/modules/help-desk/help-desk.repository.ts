import { sql, type RawBuilder } from 'kysely';
import type { FailedRequest, ReportContext } from '@homeroom/core/api/help-desk';
import type { TicketPriority, TicketStatus } from '@homeroom/core/help-desk/report';
import type { Handle } from '../../db/handle.ts';

/** The help desk's SQL: tickets and their history, a person's failed requests, the district's figures. */

/** How many failed requests are kept per person, and for how long. */
export const FAILED_REQUESTS_KEPT = { perUser: 50, days: 30 };

/**
 * The users a help desk serves, as a condition on a user id: everyone in the district for a
 * district-wide desk, else the users who hold a role at one of its schools.
 */
export function servedUser(districtId: number, userId: RawBuilder<unknown>, schools: number[] | 'all'): RawBuilder<boolean> {
  if (schools === 'all') return sql<boolean>`true`;
  if (schools.length === 0) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from user_role sr where sr.district_id = ${districtId} and sr.user_id = ${userId} and sr.school_id in (${sql.join(schools)}))`;
}

const personJson = (alias: string) => sql<{ id: number; username: string; displayName: string } | null>`(select json_build_object('id', p.id, 'username', p.username, 'displayName', p.display_name) from app_user p where p.district_id = t.district_id and p.id = ${sql.ref(alias)})`;

export function insertTicket(
  db: Handle,
  row: { districtId: number; reporterId: number; whatHappened: string; context: ReportContext; priority: TicketPriority; priorityReason: string },
) {
  return db
    .insertInto('help_desk_ticket')
    .values({
      district_id: row.districtId,
      reporter_id: row.reporterId,
      what_happened: row.whatHappened,
      screen: row.context.screen,
      records: JSON.stringify(row.context.records),
      failed_requests: JSON.stringify(row.context.failedRequests),
      user_agent: row.context.userAgent,
      priority: row.priority,
      priority_reason: row.priorityReason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertTicketEvent(
  db: Handle,
  row: { districtId: number; ticketId: number; authorId: number; kind: string; body?: string | null; status?: TicketStatus | null; priority?: TicketPriority | null; assigneeId?: number | null },
): Promise<void> {
  await db
    .insertInto('help_desk_ticket_event')
    .values({ district_id: row.districtId, ticket_id: row.ticketId, author_id: row.authorId, kind: row.kind, body: row.body ?? null, status: row.status ?? null, priority: row.priority ?? null, assignee_id: row.assigneeId ?? null })
    .execute();
}

function ticketColumns(db: Handle, districtId: number) {
  return db
    .selectFrom('help_desk_ticket as t')
    .select(['t.id', 't.reporter_id', 't.what_happened', 't.screen', 't.records', 't.failed_requests', 't.user_agent', 't.priority', 't.priority_reason', 't.status', 't.created_at', 't.first_answered_at', 't.resolved_at', 't.version'])
    .select([personJson('t.reporter_id').as('reporter'), personJson('t.assignee_id').as('assignee')])
    .where('t.district_id', '=', districtId);
}

export type TicketRow = Awaited<ReturnType<typeof ticketById>> & object;

export function ticketById(db: Handle, districtId: number, ticketId: number) {
  return ticketColumns(db, districtId).where('t.id', '=', ticketId).executeTakeFirst();
}

/** A ticket's history, oldest first; the reporter's view leaves out the help desk's own notes. */
export function ticketEvents(db: Handle, districtId: number, ticketId: number, withNotes: boolean) {
  let query = db
    .selectFrom('help_desk_ticket_event as t')
    .select(['t.kind', 't.body', 't.status', 't.priority', 't.at', personJson('t.author_id').as('author'), personJson('t.assignee_id').as('assignee')])
    .where('t.district_id', '=', districtId)
    .where('t.ticket_id', '=', ticketId);
  if (!withNotes) query = query.where('t.kind', '<>', 'note');
  return query.orderBy('t.id').execute();
}

/** Does this help desk serve the ticket's reporter? */
export async function servesReporter(db: Handle, districtId: number, reporterId: number, schools: number[] | 'all'): Promise<boolean> {
  const row = await db.selectNoFrom(servedUser(districtId, sql.val(reporterId), schools).as('served')).executeTakeFirstOrThrow();
  return row.served;
}

export function ticketsOfReporter(db: Handle, districtId: number, reporterId: number) {
  return ticketColumns(db, districtId).where('t.reporter_id', '=', reporterId).orderBy('t.id', 'desc').limit(100).execute();
}

const PRIORITY_ORDER = sql<number>`array_position(array['urgent', 'high', 'normal', 'low']::text[], t.priority)`;

/** The queue: unresolved first, most urgent first, oldest first within a priority. */
export function ticketQueue(db: Handle, districtId: number, schools: number[] | 'all', filter: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: number }) {
  let query = ticketColumns(db, districtId).where(servedUser(districtId, sql.ref('t.reporter_id'), schools));
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.priority) query = query.where('t.priority', '=', filter.priority);
  if (filter.assigneeId) query = query.where('t.assignee_id', '=', filter.assigneeId);
  return query
    .orderBy(sql`t.status = 'resolved'`)
    .orderBy(PRIORITY_ORDER)
    .orderBy('t.id')
    .limit(200)
    .execute();
}

/**
 * A change to a ticket's current state, only if its version is still the one the help desk saw;
 * undefined when it is not (a stale write). Answering sets the first answer's time once; resolving
 * sets the resolution's time, and reopening clears it.
 */
export function updateTicket(
  db: Handle,
  districtId: number,
  ticketId: number,
  expectedVersion: number | null,
  change: { status?: TicketStatus; priority?: TicketPriority; priorityReason?: string; assigneeId?: number | null; answered?: boolean },
) {
  let query = db
    .updateTable('help_desk_ticket')
    .set((eb) => ({
      version: eb('version', '+', 1),
      ...(change.status ? { status: change.status, resolved_at: change.status === 'resolved' ? sql<Date>`coalesce(resolved_at, now())` : null } : {}),
      ...(change.priority ? { priority: change.priority, priority_reason: change.priorityReason ?? null } : {}),
      ...(change.assigneeId !== undefined ? { assignee_id: change.assigneeId } : {}),
      ...(change.answered ? { first_answered_at: sql<Date>`coalesce(first_answered_at, now())` } : {}),
    }))
    .where('district_id', '=', districtId)
    .where('id', '=', ticketId);
  if (expectedVersion !== null) query = query.where('version', '=', expectedVersion);
  return query.returning(['version']).executeTakeFirst();
}

/** A help-desk agent the ticket may be assigned to: one who holds the role on the district's day. */
export function helpDeskAgent(db: Handle, districtId: number, userId: number, today: string) {
  return db
    .selectFrom('app_user as u')
    .select(['u.id'])
    .where('u.district_id', '=', districtId)
    .where('u.id', '=', userId)
    .where('u.disabled', '=', false)
    .where(sql<boolean>`exists (select 1 from user_role r where r.district_id = u.district_id and r.user_id = u.id and r.role = 'help-desk'
      and (r.starts_on is null or r.starts_on <= ${today}::date) and (r.ends_on is null or r.ends_on > ${today}::date))`)
    .executeTakeFirst();
}

// ---- Failed requests ----

/** Keeps one failed request, and prunes the person's beyond the last 50 and older than 30 days, in one statement. */
export async function rememberFailedRequest(db: Handle, row: { districtId: number; userId: number; method: string; route: string; status: number; code: string; requestId: string }): Promise<void> {
  await sql`with kept as (
      insert into failed_request (district_id, user_id, method, route, status, problem_code, request_id)
      values (${row.districtId}, ${row.userId}, ${row.method}, ${row.route}, ${row.status}, ${row.code}, ${row.requestId}) returning id)
    delete from failed_request f
    where f.district_id = ${row.districtId} and f.user_id = ${row.userId}
      and (f.at < now() - make_interval(days => ${FAILED_REQUESTS_KEPT.days})
        or f.id < (select min(r.id) from (select id from failed_request where district_id = ${row.districtId} and user_id = ${row.userId} order by id desc limit ${FAILED_REQUESTS_KEPT.perUser - 1}) r))`.execute(db);
}

export async function failedRequestsOf(db: Handle, districtId: number, userId: number, limit: number): Promise<FailedRequest[]> {
  const rows = await db
    .selectFrom('failed_request')
    .select(['method', 'route', 'status', 'problem_code', 'request_id', 'at'])
    .where('district_id', '=', districtId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ method: r.method as FailedRequest['method'], route: r.route, status: r.status, code: r.problem_code, requestId: r.request_id, at: r.at.toISOString() }));
}

/** A user the help desk serves, by id. */
export function servedUserById(db: Handle, districtId: number, userId: number, schools: number[] | 'all') {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.district_id', '=', districtId)
    .where('u.id', '=', userId)
    .where(servedUser(districtId, sql.ref('u.id'), schools))
    .executeTakeFirst();
}

// ---- Figures ----

export async function openTicketsByPriority(db: Handle, districtId: number, schools: number[] | 'all') {
  return db
    .selectFrom('help_desk_ticket as t')
    .select(['t.priority', sql<number>`count(*)::int`.as('count')])
    .where('t.district_id', '=', districtId)
    .where('t.status', '<>', 'resolved')
    .where(servedUser(districtId, sql.ref('t.reporter_id'), schools))
    .groupBy('t.priority')
    .execute();
}

/** Medians in whole minutes over the tickets reported in the last 30 days: to the first answer, to resolution. */
export function medianTimes(db: Handle, districtId: number, schools: number[] | 'all') {
  return db
    .selectFrom('help_desk_ticket as t')
    .select([
      sql<number | null>`round(percentile_cont(0.5) within group (order by extract(epoch from t.first_answered_at - t.created_at)) / 60)::int`.as('to_first_answer'),
      sql<number | null>`round(percentile_cont(0.5) within group (order by extract(epoch from t.resolved_at - t.created_at)) / 60)::int`.as('to_resolution'),
    ])
    .where('t.district_id', '=', districtId)
    .where('t.created_at', '>', sql<Date>`now() - interval '30 days'`)
    .where(servedUser(districtId, sql.ref('t.reporter_id'), schools))
    .executeTakeFirstOrThrow();
}

/** The most frequent problem codes of the failed requests since an instant (the week's start in the district's zone). */
export function topProblemCodes(db: Handle, districtId: number, since: Date, schools: number[] | 'all') {
  return db
    .selectFrom('failed_request as f')
    .select(['f.problem_code as code', sql<number>`count(*)::int`.as('count')])
    .where('f.district_id', '=', districtId)
    .where('f.at', '>=', since)
    .where(servedUser(districtId, sql.ref('f.user_id'), schools))
    .groupBy('f.problem_code')
    .orderBy('count', 'desc')
    .orderBy('f.problem_code')
    .limit(10)
    .execute();
}

/** Urgent tickets not yet resolved, oldest first (a class that cannot take attendance, a student without a schedule). */
export async function openUrgentTickets(db: Handle, districtId: number, schools: number[] | 'all', limit: number) {
  const rows = await db
    .selectFrom('help_desk_ticket as t')
    .select(['t.id', 't.created_at', 't.status', 't.priority_reason', sql<number>`count(*) over ()`.as('total')])
    .where('t.district_id', '=', districtId)
    .where('t.priority', '=', 'urgent')
    .where('t.status', '<>', 'resolved')
    .where(servedUser(districtId, sql.ref('t.reporter_id'), schools))
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();
  return { tickets: rows, total: rows.length ? Number(rows[0]!.total) : 0 };
}
