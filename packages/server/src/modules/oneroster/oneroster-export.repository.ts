import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Handle = Kysely<Database> | Transaction<Database>;

/** The school year an export is of: the one named, or the district's current one when none is. */
export async function schoolYearNamed(db: Handle, districtId: number, name: string | null) {
  return db
    .selectFrom('school_year')
    .select(['id', 'name'])
    .where('district_id', '=', districtId)
    .$if(name === null, (q) => q.where('is_current', '=', true))
    .$if(name !== null, (q) => q.where('name', '=', name!))
    .executeTakeFirst();
}
