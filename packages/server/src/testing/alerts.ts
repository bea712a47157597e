import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SmallDistrict } from './test-app.ts';

/** 10:30 in Los Angeles on Monday 17 August 2026, a school day in the small district. */
export const SCHOOL_MORNING = '2026-08-17T17:30:00Z';

/**
 * The small district with something wrong for every alert rule on the morning of 17 August:
 * North's first period began at 8:00 and has no attendance, Devon is enrolled at North with no
 * class there, a recompute failed, an import was refused, and the server answered 25 errors.
 * North's threshold for students without a class is 0 (the default, 10, would need a crowd).
 */
export async function somethingWrongEverywhere(db: Kysely<Database>, world: SmallDistrict): Promise<{ importId: number }> {
  const d = world.districtId;
  const { id: bell } = await db.insertInto('bell_schedule').values({ district_id: d, school_id: world.schools.north, name: 'Regular', is_default: true }).returning('id').executeTakeFirstOrThrow();
  const period = await db.selectFrom('period').select('id').where('district_id', '=', d).where('school_id', '=', world.schools.north).where('code', '=', 'P1').executeTakeFirstOrThrow();
  await db.insertInto('bell_schedule_period').values({ district_id: d, bell_schedule_id: bell, period_id: period.id, starts_at: '08:00', ends_at: '08:55' }).execute();
  await db.insertInto('alert_rule').values({ district_id: d, rule: 'students-without-schedule', settings: JSON.stringify({ students: 0 }) }).execute();
  await db.updateTable('job').set({ status: 'failed', error: 'the database went away', finished_at: new Date('2026-08-17T15:00:00Z') }).where('district_id', '=', d).where('id', '=', world.job).execute();
  const { id: importId } = await db
    .insertInto('district_import')
    .values({ district_id: d, status: 'refused', dry_run: false, report: JSON.stringify({ problemCount: 3 }), started_at: new Date('2026-08-17T14:00:00Z'), finished_at: new Date('2026-08-17T14:01:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('server_error_minute').values({ minute: new Date('2026-08-17T17:25:00Z'), errors: 25 }).execute();
  return { importId };
}
