import { z } from 'zod';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { newVersion, studentPage, studentProfile } from '@homeroom/core/api/students';
import { searchStudentsInput, searchStudentsUseCase } from './search-students.ts';
import { updateStudent, updateStudentInput } from './update-student.ts';
import { viewStudent } from './view-student.ts';

const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const STAFF = ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk'] as const;

export const studentRoutes = [
  route({
    method: 'GET',
    url: '/api/students',
    operationId: 'searchStudents',
    summary: 'Search the students you serve by name, ID, school and grade',
    tag: 'students',
    access: { kind: 'signed-in', roles: [...STAFF, 'student', 'guardian'] , tokenScopes: ['students.read'] },
    query: searchStudentsInput,
    response: { description: 'A page of students', schema: studentPage },
    handler: ({ db, actor, origin, query }) => searchStudentsUseCase(db, actor, origin, query),
  }),
  route({
    method: 'GET',
    url: '/api/students/:studentId',
    operationId: 'viewStudent',
    summary: "A student's profile: programs, enrollment history, schedule, guardians",
    tag: 'students',
    access: { kind: 'signed-in', roles: [...STAFF, 'student', 'guardian'] , tokenScopes: ['students.read'] },
    params: studentParams,
    query: z.strictObject({ scheduleDate: z.iso.date().optional() }),
    response: { description: 'The student profile; ETag carries its version', schema: studentProfile },
    async handler({ db, actor, origin, params, query, reply }) {
      const { body, version } = await viewStudent(db, actor, origin, params.studentId, query.scheduleDate ?? null);
      reply.header('etag', etagOf(version));
      return body;
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/students/:studentId',
    operationId: 'updateStudent',
    summary: "Change a student's preferred name, home language or directory opt-out (If-Match required)",
    tag: 'students',
    access: { kind: 'signed-in', roles: ['district-admin', 'school-admin', 'counselor'] },
    params: studentParams,
    body: updateStudentInput,
    example: { body: { preferredName: 'Sam', reason: 'family asked at the front office' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The new version; ETag carries it', schema: newVersion },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const { version } = await updateStudent(db, actor, origin, params.studentId, requiredIfMatch(request), body);
      reply.header('etag', etagOf(version));
      return { version };
    },
  }),
];
