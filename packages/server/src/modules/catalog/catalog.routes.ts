import { z } from 'zod';
import { bellSchedules, course, courseList, removedPeriod, room, roomList, schoolSections, setupSection } from '@homeroom/core/api/catalog';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { courseInput } from './course-input.ts';
import { changeBellSchedule, createBellSchedule } from './save-bell-schedule.ts';
import { changeCourse, createCourse } from './save-course.ts';
import { changePeriod, createPeriod, removePeriod } from './save-period.ts';
import { changeRoom, createRoom } from './save-room.ts';
import { changeSection, createSection, newSectionInput, sectionInput } from './save-section.ts';
import { bellScheduleInput, periodInput, roomInput, viewBellSchedules, viewRooms } from './school-places.ts';
import { CATALOG_READERS, SETUP_KEEPERS, SETUP_READERS } from './setup-access.ts';
import { viewCourses } from './view-courses.ts';
import { viewSchoolSections } from './view-school-sections.ts';

const positive = z.coerce.number().int().positive();
const schoolParams = z.strictObject({ schoolId: positive });
const exampleCourse = { code: '230501', title: 'ENGLISH 11 HONORS A', credits: '5', subject: 'english', agArea: 'b', honors: 'honors', termLength: 'semester', repeatableForCredit: false, lowGrade: 11, highGrade: 11, prerequisites: [{ code: '230201', minimumMark: 'C' }] };
const exampleBells = { name: 'Regular day', isDefault: true, periods: [{ code: 'P1', startsAt: '08:00', endsAt: '08:55' }] };

/** School setup's catalog side: the district's courses, and a school's rooms, periods, bell schedules and sections. */
export const catalogRoutes = [
  route({
    method: 'GET',
    url: '/api/courses',
    operationId: 'listCourses',
    summary: "The district's course catalog (credits, a-g area, honors, subject, term length, prerequisites, whether it may be repeated for credit), or the courses whose code starts with or title contains the search",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: CATALOG_READERS },
    query: z.strictObject({ search: z.string().max(60).optional() }),
    response: { description: 'The courses in code order, each with its version', schema: courseList },
    handler: ({ db, actor, query }) => viewCourses(db, actor.districtId, query.search ?? ''),
  }),
  route({
    method: 'POST',
    url: '/api/courses',
    operationId: 'createCourse',
    summary: "Add a course to the district's catalog with its prerequisites (district administrators; audited)",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: courseInput,
    example: { body: exampleCourse },
    response: { status: 201, description: 'The new course', schema: course },
    async handler({ db, actor, origin, body, reply }) {
      const created = await createCourse(db, actor, origin, body);
      return reply.code(201).header('etag', etagOf(created.version)).send(created);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/courses/:courseId',
    operationId: 'changeCourse',
    summary: 'Change a course of the catalog and its prerequisites (If-Match; district administrators; audited)',
    tag: 'catalog',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ courseId: positive }),
    body: courseInput,
    example: { body: { ...exampleCourse, code: '230201', title: 'ENGLISH 10A', prerequisites: [] }, headers: { 'if-match': '"1"' } },
    response: { description: 'The course as saved, with its new version', schema: course },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const saved = await changeCourse(db, actor, origin, params.courseId, body, requiredIfMatch(request));
      return reply.header('etag', etagOf(saved.version)).send(saved);
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/rooms',
    operationId: 'listRooms',
    summary: "A school's rooms: number, kind, how many it seats, and how many sections meet in it",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_READERS },
    params: schoolParams,
    response: { description: 'The rooms, by number', schema: roomList },
    handler: ({ db, actor, params }) => viewRooms(db, actor, params.schoolId),
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/rooms',
    operationId: 'createRoom',
    summary: 'Add a room to a school (audited)',
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: schoolParams,
    body: roomInput,
    example: { body: { code: '214', name: 'Chemistry lab', kind: 'lab', capacity: 32 } },
    response: { status: 201, description: 'The new room', schema: room },
    async handler({ db, actor, origin, params, body, reply }) {
      const created = await createRoom(db, actor, origin, params.schoolId, body);
      return reply.code(201).header('etag', etagOf(created.version)).send(created);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/schools/:schoolId/rooms/:roomId',
    operationId: 'changeRoom',
    summary: 'Change a room (If-Match; audited); it never seats fewer than a section meeting in it has seats, and the refusal names them',
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: z.strictObject({ schoolId: positive, roomId: positive }),
    body: roomInput,
    example: { body: { code: '101', kind: 'classroom', capacity: 36 }, headers: { 'if-match': '"1"' } },
    response: { description: 'The room as saved, with its new version', schema: room },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const saved = await changeRoom(db, actor, origin, params.schoolId, params.roomId, body, requiredIfMatch(request));
      return reply.header('etag', etagOf(saved.version)).send(saved);
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/bell-schedules',
    operationId: 'listBellSchedules',
    summary: "A school's periods (with how many sections meet in each) and its bell schedules with each period's times",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_READERS },
    params: schoolParams,
    response: { description: 'Periods in order, and bell schedules (the default first)', schema: bellSchedules },
    handler: ({ db, actor, params }) => viewBellSchedules(db, actor, params.schoolId),
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/bell-schedules',
    operationId: 'createBellSchedule',
    summary: "Add a bell schedule (a regular day, a minimum day) with its periods' times (audited)",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: schoolParams,
    body: bellScheduleInput,
    example: { body: exampleBells },
    response: { status: 201, description: "The school's periods and bell schedules", schema: bellSchedules },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await createBellSchedule(db, actor, origin, params.schoolId, body));
    },
  }),
  route({
    method: 'PUT',
    url: '/api/schools/:schoolId/bell-schedules/:bellScheduleId',
    operationId: 'changeBellSchedule',
    summary: "Change a bell schedule and its periods' times (If-Match; audited); the default schedule keeps every period sections meet in",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: z.strictObject({ schoolId: positive, bellScheduleId: positive }),
    body: bellScheduleInput,
    example: { body: exampleBells, headers: { 'if-match': '"1"' } },
    response: { description: "The school's periods and bell schedules", schema: bellSchedules },
    handler: ({ db, actor, origin, params, body, request }) => changeBellSchedule(db, actor, origin, params.schoolId, params.bellScheduleId, body, requiredIfMatch(request)),
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/periods',
    operationId: 'createPeriod',
    summary: "Add a period to a school's day (audited)",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: schoolParams,
    body: periodInput,
    example: { body: { code: 'P7', name: 'Period 7', sortOrder: 7 } },
    response: { status: 201, description: "The school's periods and bell schedules", schema: bellSchedules },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await createPeriod(db, actor, origin, params.schoolId, body));
    },
  }),
  route({
    method: 'PUT',
    url: '/api/schools/:schoolId/periods/:periodId',
    operationId: 'changePeriod',
    summary: 'Rename or reorder a period (If-Match; audited)',
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: z.strictObject({ schoolId: positive, periodId: positive }),
    body: periodInput,
    example: { body: { code: 'P1', name: 'First period', sortOrder: 1 }, headers: { 'if-match': '"1"' } },
    response: { description: "The school's periods and bell schedules", schema: bellSchedules },
    handler: ({ db, actor, origin, params, body, request }) => changePeriod(db, actor, origin, params.schoolId, params.periodId, body, requiredIfMatch(request)),
  }),
  route({
    method: 'DELETE',
    url: '/api/schools/:schoolId/periods/:periodId',
    operationId: 'removePeriod',
    summary: "Remove a period from a school's day (If-Match; audited); refused while sections meet in it, naming them",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: z.strictObject({ schoolId: positive, periodId: positive }),
    example: { headers: { 'if-match': '"1"' } },
    response: { description: 'The period, removed', schema: removedPeriod },
    handler: ({ db, actor, origin, params, request }) => removePeriod(db, actor, origin, params.schoolId, params.periodId, requiredIfMatch(request)),
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/sections',
    operationId: 'listSchoolSections',
    summary: "A school's sections of a year (this year unless named) with course, term, period, teacher, room, seats and students, lock and program, and the terms, periods, rooms and teachers a section may be given",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_READERS },
    params: schoolParams,
    query: z.strictObject({ schoolYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2026-27').optional() }),
    response: { description: 'The sections by code, and the choices', schema: schoolSections },
    handler: ({ db, actor, params, query }) => viewSchoolSections(db, actor, params.schoolId, query.schoolYear),
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/sections',
    operationId: 'createSection',
    summary: 'Open a section of a course at a school, with its term, period, teacher, room and seats (audited)',
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: schoolParams,
    body: newSectionInput,
    example: { body: { courseId: 1, code: 'ENG10-09', capacity: 34 } },
    response: { status: 201, description: 'The new section', schema: setupSection },
    async handler({ db, actor, origin, params, body, reply }) {
      const created = await createSection(db, actor, origin, params.schoolId, body);
      return reply.code(201).header('etag', etagOf(created.version)).send(created);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/sections/:sectionId',
    operationId: 'changeSection',
    summary: "Change a section: course, code, term, period, teacher, room, seats, lock, program (If-Match; audited); seats never below the students in it, and a section with marks keeps its course",
    tag: 'catalog',
    access: { kind: 'signed-in', roles: SETUP_KEEPERS },
    params: z.strictObject({ sectionId: positive }),
    body: sectionInput,
    example: { body: { courseId: 1, code: 'ENG10-01', capacity: 35 }, headers: { 'if-match': '"1"' } },
    response: { description: 'The section as saved, with its new version', schema: setupSection },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const saved = await changeSection(db, actor, origin, params.sectionId, body, requiredIfMatch(request));
      return reply.header('etag', etagOf(saved.version)).send(saved);
    },
  }),
];
