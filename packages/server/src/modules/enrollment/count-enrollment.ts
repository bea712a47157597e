import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/roles.ts';
import { schoolsWhere } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { enrolledCounts } from './enrollment.repository.ts';

export const COUNT_READERS = ['district-admin', 'school-admin', 'attendance-clerk', 'counselor'] as const;

/** How many students each school the actor serves had enrolled on a day: figures, no student's record. */
export async function countEnrollment(db: Kysely<Database>, actor: Actor, day: string) {
  const schools = await enrolledCounts(db, actor.districtId, day, schoolsWhere(actor, ...COUNT_READERS));
  return { date: day, schools, total: schools.reduce((sum, s) => sum + s.enrolled, 0) };
}
