import { notFound } from '../http/problem.ts';
import type { Actor, Role } from './roles.ts';
import type { Handle } from '../db/handle.ts';

/** May the actor work on this school in one of these roles? District-wide grants cover every school. */
export function servesSchool(actor: Actor, schoolId: number, roles: readonly Role[]): boolean {
  return actor.roles.some((grant) => roles.includes(grant.role) && (grant.schoolId === null || grant.schoolId === schoolId));
}

export async function requireSchool(db: Handle, actor: Actor, schoolId: number, roles: readonly Role[]) {
  const school = await db.selectFrom('school').select(['id', 'code', 'name', 'kind']).where('district_id', '=', actor.districtId).where('id', '=', schoolId).executeTakeFirst();
  if (!school || !servesSchool(actor, schoolId, roles)) throw notFound('This school');
  return school;
}
