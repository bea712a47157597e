import { z } from 'zod';
import { ASSIGNMENT_ROLES } from '@homeroom/core/api/people';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';

import { schoolYearOn } from '../enrollment/enrollment.repository.ts';
import { schoolText } from '../../http/text.ts';
import { PEOPLE_KEEPERS } from './people-access.ts';
import type { AssignmentValues } from './people.repository.ts';
import { fieldProblem } from '../../http/problem.ts';

const isoDay = z.iso.date('must be a date such as 2026-08-10');

export const staffMemberFields = {
  firstName: schoolText(60),
  lastName: schoolText(60),
  email: z.email().max(200).nullable().default(null),
};

export const employeeId = z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits and hyphens, at most 20');

export const assignmentInput = z
  .strictObject({
    schoolId: z.number().int().positive(),
    role: z.enum(ASSIGNMENT_ROLES),
    title: schoolText(100).nullable().default(null).describe('e.g. Grade 3 teacher, Mathematics department chair'),
    /** Full-time equivalent, exact to a thousandth. */
    fte: z.string().trim().regex(/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/, 'a share of full time from 0.001 to 1, such as 0.5').refine((v) => Number(v) > 0, 'must be more than 0').default('1'),
    startDate: isoDay,
    endDate: isoDay.nullable().default(null).describe('The first day no longer on the assignment; null: open'),
  })
  .refine((a) => a.endDate === null || a.endDate > a.startDate, { message: 'must be after the start date', path: ['endDate'] });

export type AssignmentInput = z.output<typeof assignmentInput>;

/** The assignment's row, at a school the actor keeps, in the school year of its first day. */
export async function assignmentValues(trx: Handle, actor: Actor, input: AssignmentInput, field = 'body'): Promise<AssignmentValues> {
  await requireSchool(trx, actor, input.schoolId, PEOPLE_KEEPERS);
  const schoolYearId = await schoolYearOn(trx, actor.districtId, input.startDate);
  if (schoolYearId === null) throw fieldProblem(422, 'no-school-year', 'The day is in no school year', `${field}.startDate`, `${input.startDate} is in none of the district's school years`);
  return { school_id: input.schoolId, school_year_id: schoolYearId, role: input.role, title: input.title, fte: input.fte, start_date: input.startDate, end_date: input.endDate };
}
