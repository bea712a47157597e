import { z } from 'zod';
import { enrollmentChange, enrollmentCounts, exitCodes, registeredStudent } from '@homeroom/core/api/enrollment';
import { CALPADS_EXIT_CODES } from '@homeroom/core/enrollment/state-codes';
import { STAFF_ROLES } from '../../auth/roles.ts';
import { requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { COUNT_READERS, countEnrollment } from './count-enrollment.ts';
import { ENROLLMENT_OFFICE } from './enrollment-office.ts';
import { enrollStudent, enrollStudentInput } from './enroll-student.ts';
import { registerStudent, registerStudentInput } from './register-student.ts';
import { transferStudent, transferStudentInput } from './transfer-student.ts';
import { withdrawStudent, withdrawStudentInput } from './withdraw-student.ts';

const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const enrollmentParams = z.strictObject({ studentId: z.coerce.number().int().positive(), enrollmentId: z.coerce.number().int().positive() });

export const enrollmentRoutes = [
  route({
    method: 'POST',
    url: '/api/students',
    operationId: 'registerStudent',
    summary: 'Register a new student and enroll them; a likely second record of the same child is refused with the records it matches',
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: ENROLLMENT_OFFICE },
    body: registerStudentInput,
    example: { body: { firstName: 'Rowan', lastName: 'Example', birthDate: '2011-03-04', gender: 'X', schoolId: 1, gradeLevel: 9, date: '2026-08-10' } },
    response: { status: 201, description: 'The new student and their enrollment', schema: registeredStudent },
    async handler({ db, actor, origin, body, reply }) {
      const registered = await registerStudent(db, actor, origin, body);
      reply.code(201);
      return registered;
    },
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/enrollments',
    operationId: 'enrollStudent',
    summary: 'Enroll (or re-enroll) a student the district has in a school and grade from a day',
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: ENROLLMENT_OFFICE },
    params: studentParams,
    body: enrollStudentInput,
    example: { body: { schoolId: 1, gradeLevel: 9, date: '2026-08-10' } },
    response: { status: 201, description: 'The enrollment begun', schema: enrollmentChange },
    async handler({ db, actor, origin, params, body, reply }) {
      const change = await enrollStudent(db, actor, origin, params.studentId, body);
      reply.code(201);
      return change;
    },
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/enrollments/:enrollmentId/withdrawal',
    operationId: 'withdrawStudent',
    summary: "Withdraw a student on a day with the state's exit code; their sections at the school end that day (If-Match: the enrollment's version)",
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: ENROLLMENT_OFFICE },
    params: enrollmentParams,
    body: withdrawStudentInput,
    example: { body: { date: '2027-06-01', exitCode: 'T240' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The enrollment ended and the sections ended', schema: enrollmentChange },
    handler: ({ db, actor, origin, params, body, request }) => withdrawStudent(db, actor, origin, params.studentId, params.enrollmentId, requiredIfMatch(request), body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/enrollments/:enrollmentId/transfer',
    operationId: 'transferStudent',
    summary: "Transfer a student to another of the district's schools on a day: the old enrollment and its sections end, the new one begins (If-Match: the enrollment's version)",
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: ENROLLMENT_OFFICE },
    params: enrollmentParams,
    body: transferStudentInput,
    example: { body: { schoolId: 2, gradeLevel: 10, date: '2027-06-01' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The enrollment ended, the one begun, and the sections ended', schema: enrollmentChange },
    handler: ({ db, actor, origin, params, body, request }) => transferStudent(db, actor, origin, params.studentId, params.enrollmentId, requiredIfMatch(request), body),
  }),
  route({
    method: 'GET',
    url: '/api/enrollment/exit-codes',
    operationId: 'listExitCodes',
    summary: "The state's exit codes a withdrawal may name",
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: STAFF_ROLES },
    response: { description: 'The exit codes', schema: exitCodes },
    handler: async () => ({ items: CALPADS_EXIT_CODES.map((c) => ({ ...c })) }),
  }),
  route({
    method: 'GET',
    url: '/api/enrollment/counts',
    operationId: 'countEnrollment',
    summary: 'Students enrolled at each school you serve on a day (today when no day is given)',
    tag: 'enrollment',
    access: { kind: 'signed-in', roles: COUNT_READERS },
    query: z.strictObject({ date: z.iso.date().optional() }),
    response: { description: 'Enrolled students by school', schema: enrollmentCounts },
    reads: 'replica',
    handler: ({ db, actor, query }) => countEnrollment(db, actor, query.date ?? actor.today),
  }),
];
