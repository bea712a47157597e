import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { courseRefusalsOf, courseRuleOverride, passCourseRules } from './course-rules.ts';
import { courseRequestOf, coursesByCode, replaceAlternates, updateCourseRequest } from './graduation.repository.ts';

export const changeCourseRequestInput = z
  .strictObject({
    required: z.boolean().optional(),
    priority: z.number().int().min(1).max(99).optional(),
    alternates: z.array(z.string().min(1).max(20)).max(5).optional(),
    reason: z.string().trim().min(3).max(500),
    /** To keep a course the student passed, or whose prerequisite is not met: a counselor's reason. */
    override: courseRuleOverride.optional(),
  })
  .refine((b) => b.required !== undefined || b.priority !== undefined || b.alternates !== undefined, { message: 'change at least one of required, priority, alternates' });

/**
 * A counselor's change to a request: required, priority, alternates. The edit makes the request
 * the counselor's, so the course rules apply to it as to a drop/add: the request's course and every
 * alternate given must be one the student may take, or the counselor overrides with a reason that
 * stays on the request. A course overridden once stays overridden through later edits.
 */
export async function changeCourseRequest(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, requestId: number, expected: number, input: z.output<typeof changeCourseRequestInput>) {
  const d = actor.districtId;
  // The audit row is written after the work: what was overridden joins its details then.
  const details: Record<string, unknown> = { requestId };
  return withStudentRecord(db, actor, origin, studentId, { entity: 'course-request', action: 'update', reason: input.reason, details }, async (trx) => {
    const current = await courseRequestOf(trx, d, studentId, requestId);
    if (!current) throw notFound('This course request');
    if (current.version !== expected) throw stale();
    const alternates = input.alternates ?? [];
    const courses = await coursesByCode(trx, d, alternates);
    const unknown = alternates.filter((a) => !courses.some((c) => c.code === a));
    if (unknown.length) throw new Problem(400, 'validation-failed', 'Unknown alternate courses', `No course has the code ${unknown.join(', ')}. Nothing was saved.`, { errors: unknown.map((u) => ({ field: 'body.alternates', message: `no course ${u}` })) });
    const refusals = await courseRefusalsOf(trx, d, studentId, [...(current.override_reason === null ? [current.course_id] : []), ...courses.map((c) => c.id)]);
    const overridden = passCourseRules(actor, [...refusals.values()].flat(), input.override);
    if (overridden) details.override = overridden;
    const updated = await updateCourseRequest(trx, d, requestId, expected, {
      ...(input.required !== undefined ? { required: input.required } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(overridden ? { override_reason: overridden.reason } : {}),
      reason: input.reason,
      updatedBy: actor.userId,
    });
    if (!updated) throw stale();
    if (input.alternates) await replaceAlternates(trx, d, requestId, alternates.map((code) => courses.find((c) => c.code === code)!.id));
    return { version: updated.version, override: overridden };
  });
}

const stale = () => staleVersion('this request', 'the requests');
