import type { Kysely } from 'kysely';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { RUN_ROLES } from './commit-scheduling-run.ts';
import { masterScheduleGrid } from './master-schedule-grid.ts';
import { schoolScheduleChecks } from './schedule-report.ts';
import { runsOfSchool } from './scheduling-run.repository.ts';
import { describeRun } from './view-scheduling-run.ts';

// A school's scheduling reads that name no student: the scope check, then the read.

export const SCHEDULE_VIEWERS = [...RUN_ROLES, 'counselor'] as const;

/** A page of a school's scheduling runs and master-schedule builds, newest first. */
export async function listSchedulingRuns(db: Kysely<Database>, actor: Actor, schoolId: number, page: { limit: number; offset: number }) {
  await requireSchool(db, actor, schoolId, SCHEDULE_VIEWERS);
  const runs = await runsOfSchool(db, actor.districtId, schoolId, page);
  return { items: runs.map(describeRun), limit: page.limit, offset: page.offset };
}

/** What the master schedule makes hard for the student scheduler, before a run. */
export async function checkMasterSchedule(db: Kysely<Database>, actor: Actor, schoolId: number, schoolYear: string | undefined) {
  await requireSchool(db, actor, schoolId, SCHEDULE_VIEWERS);
  const year = await schoolYearByName(db, actor.districtId, schoolYear, 'current');
  return schoolScheduleChecks(db, actor.districtId, schoolId, year.id);
}

/** The master-schedule grid of a school's year (the current one unless named). */
export async function viewMasterScheduleGrid(db: Kysely<Database>, actor: Actor, schoolId: number, schoolYear: string | undefined) {
  await requireSchool(db, actor, schoolId, SCHEDULE_VIEWERS);
  const year = await schoolYearByName(db, actor.districtId, schoolYear, 'current');
  return { schoolYear: year.name, ...(await masterScheduleGrid(db, actor.districtId, schoolId, year.id)) };
}
