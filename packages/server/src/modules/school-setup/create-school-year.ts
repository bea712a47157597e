import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { applySchoolYearSetup, requireDistrictAdmin } from './change-school-year.ts';
import { checkSchoolYearSetup, type newSchoolYearInput } from './school-year-input.ts';
import { insertSchoolYear, schoolYearNamed } from './school-setup.repository.ts';
import { viewSchoolYear } from './view-school-years.ts';

/** Starts a new school year (next year, usually) with its terms and grading periods. */
export async function createSchoolYear(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof newSchoolYearInput>) {
  requireDistrictAdmin(actor);
  checkSchoolYearSetup(input, input.name);
  return db.transaction().execute(async (trx) => {
    if (await schoolYearNamed(trx, actor.districtId, input.name)) throw new Problem(409, 'school-year-exists', `${input.name} already exists`, `Change the terms of ${input.name} instead; nothing was saved.`, { field: 'body.name' });
    const year = await insertSchoolYear(trx, actor.districtId, input);
    const changes = await applySchoolYearSetup(trx, actor.districtId, year.id, input);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'school-year', entityId: year.id, reason: 'school setup: new school year', details: { name: input.name, startDate: input.startDate, endDate: input.endDate, changes } });
    return viewSchoolYear(trx, actor.districtId, year.id);
  });
}
