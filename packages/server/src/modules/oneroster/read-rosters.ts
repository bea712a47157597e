import type { Kysely, RawBuilder, Transaction } from 'kysely';
import { z } from 'zod';
import { FilterSyntaxError, filterFields, parseFilter, type FilterExpression } from '@homeroom/core/formats/oneroster-rest/filter';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { auditTarget } from '../../db/read-replica.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import type { Collection } from './collections.ts';
import { both, rosterPage, withSourcedId } from './oneroster.repository.ts';

/** Pages are at most this long; the binding leaves the limit to the service. */
export const MAX_LIMIT = 5000;

export const rosterQuery = z.looseObject({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  sort: z.string().max(100).optional(),
  orderBy: z.enum(['asc', 'desc']).optional(),
  filter: z.string().max(2000).optional(),
  fields: z.string().max(2000).optional(),
});
export const singleQuery = z.looseObject({ fields: z.string().max(2000).optional() });

const imsx = (status: number, code: string, description: string) => new Problem(status, code, description, description);

export const unknownObject = (what: string) => imsx(404, 'unknownobject', `${what} does not exist`);

function fieldsOf(collection: Collection, fields: string | undefined): string[] | null {
  if (fields === undefined) return null;
  const names = fields.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = names.filter((f) => !collection.jsonFields.includes(f));
  if (unknown.length || !names.length) throw imsx(400, 'invalid_selection_field', `fields: ${unknown.join(', ') || '(none)'} is not a field of ${collection.singular}; the fields are ${collection.jsonFields.join(', ')}`);
  return names;
}

function filterOf(collection: Collection, filter: string | undefined): FilterExpression | null {
  if (filter === undefined || filter.trim() === '') return null;
  let expression: FilterExpression;
  try {
    expression = parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw imsx(400, 'invalid_filter_field', `filter: ${error.message}`);
    throw error;
  }
  const unknown = filterFields(expression).filter((f) => !collection.fields.includes(f));
  if (unknown.length) throw imsx(400, 'invalid_filter_field', `filter: ${unknown.join(', ')} cannot be filtered on; the fields are ${collection.fields.join(', ')}`);
  return expression;
}

/**
 * Leaves out what the client did not ask for, and what has no value (the binding omits an absent
 * optional field). With no `fields=`, the object goes as it is: JSON leaves out undefined values.
 */
const pick = (object: Record<string, unknown>, fields: string[] | null) =>
  fields === null ? object : Object.fromEntries(Object.entries(object).filter(([key, value]) => value !== undefined && fields.includes(key)));

export interface RosterRequest {
  collection: Collection;
  /** The nested path's condition (the students of one class) and its parent, which must exist. */
  within: RawBuilder<boolean> | null;
  parentExists?: (trx: Transaction<Database>) => Promise<boolean>;
  parentName?: string;
  query: z.output<typeof rosterQuery>;
}

/**
 * A page of a collection. Students read through it are on the audit trail, as the client or token
 * that asked: one row naming the page's students, in the transaction that reads them, or on the
 * primary before the answer goes out when `db` is the replica.
 */
export async function readRosterPage(db: Kysely<Database>, primary: Kysely<Database>, actor: Actor, origin: RequestOrigin, request: RosterRequest) {
  const { collection, query } = request;
  const fields = fieldsOf(collection, query.fields);
  const filter = filterOf(collection, query.filter);
  if (query.sort !== undefined && !collection.fields.includes(query.sort)) throw imsx(400, 'invalid_sort_field', `sort: ${query.sort} cannot be sorted on; the fields are ${collection.fields.join(', ')}`);
  const sort = query.sort ? { field: query.sort, descending: query.orderBy === 'desc' } : null;
  return db.transaction().execute(async (trx) => {
    if (request.parentExists && !(await request.parentExists(trx))) throw unknownObject(request.parentName ?? 'The parent object');
    const { rows, total } = await rosterPage(trx, { districtId: actor.districtId, today: actor.today, source: collection.source, within: request.within, filter, sort, limit: query.limit, offset: query.offset });
    if (collection.students) await auditStudents(auditTarget(trx, db, primary), actor, origin, collection, rows);
    return { body: { [collection.plural]: rows.map((row) => pick(collection.toJson(row), fields)) }, total };
  });
}

async function auditStudents(trx: Parameters<typeof writeAuditForStudents>[0], actor: Actor, origin: RequestOrigin, collection: Collection, rows: Record<string, unknown>[]) {
  const students = rows.map((row) => row._studentId).filter((id): id is number | string => id !== null && id !== undefined).map(Number);
  await writeAuditForStudents(trx, actor, origin, { action: 'read', entity: `oneroster:${collection.plural}` }, students);
}

export async function readRosterObject(db: Kysely<Database>, primary: Kysely<Database>, actor: Actor, origin: RequestOrigin, collection: Collection, sourcedId: string, within: RawBuilder<boolean> | null, fieldsParam: string | undefined) {
  const fields = fieldsOf(collection, fieldsParam);
  return db.transaction().execute(async (trx) => {
    const condition = withSourcedId(actor.districtId, sourcedId);
    const { rows } = await rosterPage(trx, { districtId: actor.districtId, today: actor.today, source: collection.source, within: within ? both(condition, within) : condition, filter: null, sort: null, limit: 1, offset: 0 });
    const row = rows[0];
    if (!row) throw unknownObject(`${collection.singular} ${sourcedId}`);
    if (collection.students) await auditStudents(auditTarget(trx, db, primary), actor, origin, collection, rows);
    return { [collection.singular]: pick(collection.toJson(row), fields) };
  });
}
