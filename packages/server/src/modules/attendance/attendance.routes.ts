import { z } from 'zod';
import { route } from '../../http/route.ts';
import * as contract from '@homeroom/core/api/attendance';
import { schoolText } from '../../http/text.ts';
import { Problem } from '../../http/problem.ts';
import { correctAttendance, correctAttendanceInput } from './correct-attendance.ts';
import { importAttendance } from './import-attendance.ts';
import { recordAttendanceNote, recordAttendanceNoteInput } from './record-attendance-note.ts';
import { takeAttendance, takeAttendanceInput } from './take-attendance.ts';
import { attendanceNotTakenInput, viewAttendanceNotTaken, viewDistrictAttendanceNotTaken } from './view-attendance-not-taken.ts';
import { viewAda, viewAdaInput } from './view-ada.ts';
import { viewChronicAbsence, viewChronicAbsenceInput } from './view-chronic-absence.ts';
import { viewSectionAttendance, viewSectionAttendanceInput } from './view-section-attendance.ts';
import { viewStudentAttendance, viewStudentAttendanceInput } from './view-student-attendance.ts';

const sectionParams = z.strictObject({ sectionId: z.coerce.number().int().positive() });
const schoolParams = z.strictObject({ schoolId: z.coerce.number().int().positive() });
const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const TAKERS = ['district-admin', 'school-admin', 'attendance-clerk', 'teacher'] as const;
const OFFICE = ['district-admin', 'school-admin', 'attendance-clerk'] as const;
const STUDENT_READERS = [...TAKERS, 'counselor', 'student', 'guardian'] as const;

const importInput = z.strictObject({
  /** The file's text; the request limit (1 MB) holds about 25,000 rows. */
  csv: z.string().min(1, 'the file is empty'),
  fileName: schoolText(200).optional(),
  dryRun: z.boolean(),
});

// The examples' day is one of the opening week's school days: the authorization matrix sends each
// route's example as it is, against the small test district, whose week of school that is.
const EXAMPLE_DATE = '2026-08-20';

export const attendanceRoutes = [
  route({
    method: 'GET',
    url: '/api/sections/:sectionId/attendance',
    operationId: 'viewSectionAttendance',
    summary: "A section's roster on a day with each student's attendance (present until marked)",
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...TAKERS] , tokenScopes: ['attendance.read'] },
    params: sectionParams,
    query: viewSectionAttendanceInput,
    response: { description: 'The roster of that day, the codes, and whether attendance was taken', schema: contract.sectionAttendance },
    handler: ({ db, actor, origin, params, query }) => viewSectionAttendance(db, actor, origin, params.sectionId, query),
  }),
  route({
    method: 'PUT',
    url: '/api/sections/:sectionId/attendance/:date',
    operationId: 'takeAttendance',
    summary: 'Take attendance: students not listed are present; a retry with the same idempotency key is stored once',
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...TAKERS] },
    params: z.strictObject({ sectionId: z.coerce.number().int().positive(), date: z.iso.date() }),
    body: takeAttendanceInput,
    example: { body: { idempotencyKey: 'example-save-0001', marks: [] } },
    response: { description: 'What is stored, confirmed after the commit', schema: contract.takenAttendance },
    handler: ({ db, actor, origin, params, body }) => takeAttendance(db, actor, origin, params.sectionId, params.date, body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/attendance-corrections',
    operationId: 'correctAttendance',
    summary: "Correct a student's attendance for a class meeting or a whole day, with the reason (attendance clerk)",
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] },
    params: studentParams,
    body: correctAttendanceInput,
    example: { body: { date: EXAMPLE_DATE, code: 'I', reason: 'mother called: ill with flu' } },
    response: { status: 201, description: 'The correction, with the code it replaced', schema: contract.attendanceCorrection },
    handler: ({ db, actor, origin, params, body }) => correctAttendance(db, actor, origin, params.studentId, body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/attendance-notes',
    operationId: 'recordAttendanceNote',
    summary: 'Record a note from a guardian: uncleared absences in its days become excused',
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] },
    params: studentParams,
    body: recordAttendanceNoteInput,
    example: { body: { from: EXAMPLE_DATE, to: EXAMPLE_DATE, reason: 'dentist appointment, note signed by mother' } },
    response: { status: 201, description: 'The note and how many absences it excused', schema: contract.attendanceNote },
    handler: ({ db, actor, origin, params, body }) => recordAttendanceNote(db, actor, origin, params.studentId, body),
  }),
  route({
    method: 'GET',
    url: '/api/students/:studentId/attendance',
    operationId: 'viewStudentAttendance',
    summary: "A student's attendance this year: days enrolled and absent, chronic absence, and the recent days and classes not simply present",
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...STUDENT_READERS] , tokenScopes: ['attendance.read'] },
    params: studentParams,
    query: viewStudentAttendanceInput,
    response: { description: 'The summary, the codes, and the recent absences and tardies', schema: contract.studentAttendance },
    handler: ({ db, actor, origin, params, query }) => viewStudentAttendance(db, actor, origin, params.studentId, query),
  }),
  route({
    method: 'POST',
    url: '/api/attendance-imports',
    operationId: 'importAttendance',
    summary: 'Import attendance taken on paper (CSV) for your schools: every row checked first, then all or nothing; a dry run reports the same without keeping it',
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] },
    body: importInput,
    example: { body: { csv: 'school_code,section_code,date,student_local_id,code\n', fileName: 'example.csv', dryRun: true } },
    response: { description: 'Rows read, class meetings, codes changed and students touched', schema: contract.attendanceImportResult },
    async handler({ db, actor, origin, body }) {
      const result = await importAttendance(db, { csv: body.csv, dryRun: body.dryRun, fileName: body.fileName, by: { actor, origin } });
      if (result.problems.length > 0) {
        const n = result.problems.length;
        throw new Problem(422, 'import-not-valid', `The file has ${n} ${n === 1 ? 'problem' : 'problems'}: nothing was imported`, 'Fix each row listed (row 1 is the header) and check the file again.', {
          rows: result.rows,
          problems: result.problems,
          errors: result.problems.map((p) => ({ field: `row ${p.row}${p.column ? `, column ${p.column}` : ''}`, message: p.message })),
        });
      }
      return result;
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/ada',
    operationId: 'viewAda',
    summary: "A school's average daily attendance (EC 41601) for dates or a reporting period (P1, P2)",
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] , tokenScopes: ['attendance.read'] },
    params: schoolParams,
    query: viewAdaInput,
    response: { description: 'Days taught, days of attendance and ADA as an exact ratio', schema: contract.ada },
    reads: 'replica',
    handler: ({ db, actor, params, query }) => viewAda(db, actor, params.schoolId, query),
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/chronic-absence',
    operationId: 'viewChronicAbsence',
    summary: "A school's chronically absent students this year (absent 10% or more of the days enrolled)",
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] , tokenScopes: ['attendance.read'] },
    params: schoolParams,
    query: viewChronicAbsenceInput,
    response: { description: 'The rate and the students', schema: contract.chronicAbsence },
    handler: ({ db, actor, origin, params, query }) => viewChronicAbsence(db, actor, origin, params.schoolId, query),
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/attendance-not-taken',
    operationId: 'viewAttendanceNotTaken',
    summary: 'Classes meeting on a day whose attendance has not been taken yet, and their teachers',
    tag: 'attendance',
    access: { kind: 'signed-in', roles: [...OFFICE] },
    params: schoolParams,
    query: attendanceNotTakenInput,
    response: { description: 'Meetings, taken, not taken, by section and teacher', schema: contract.attendanceNotTaken },
    reads: 'replica',
    handler: ({ db, actor, params, query }) => viewAttendanceNotTaken(db, actor, params.schoolId, query),
  }),
  route({
    method: 'GET',
    url: '/api/attendance-not-taken',
    operationId: 'viewDistrictAttendanceNotTaken',
    summary: 'Attendance not yet taken on a day, school by school, across the district',
    tag: 'attendance',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    query: attendanceNotTakenInput,
    response: { description: 'Totals and one row per school in session', schema: contract.districtAttendanceNotTaken },
    reads: 'replica',
    handler: ({ db, actor, query }) => viewDistrictAttendanceNotTaken(db, actor, query),
  }),
];
