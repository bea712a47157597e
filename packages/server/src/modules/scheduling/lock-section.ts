import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { staleVersion } from '../../http/problem.ts';
import { sectionForMasterEdit } from './move-section.ts';
import { setSectionLocked } from './master-schedule.repository.ts';

/**
 * Locks a section where it is (a master-schedule build keeps its period, teacher and room, and
 * students already in it stay) or unlocks it, against the version the administrator saw.
 */
export async function lockSection(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, locked: boolean, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    const section = await sectionForMasterEdit(trx, actor, sectionId);
    const updated = await setSectionLocked(trx, actor.districtId, sectionId, locked, expectedVersion);
    if (!updated) throw staleVersion('this section', 'the master schedule');
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'section', entityId: sectionId, schoolId: section.school_id, reason: locked ? 'master schedule: section locked' : 'master schedule: section unlocked', details: { locked } });
    return { sectionId, code: section.code, locked: updated.is_locked, version: updated.version };
  });
}
