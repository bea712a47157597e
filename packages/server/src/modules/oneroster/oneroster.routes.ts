import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawBuilder, Transaction } from 'kysely';
import { z } from 'zod';
import { ONE_ROSTER_OBJECTS, oneRosterList, oneRosterSingle } from '@homeroom/core/api/oneroster';
import type { Database } from '../../db/schema.ts';
import { route, type RouteDefinition } from '../../http/route.ts';
import {
  ACADEMIC_SESSION_COLLECTION, CLASS_COLLECTION, COURSE_COLLECTION, DEMOGRAPHICS_COLLECTION, ENROLLMENT_COLLECTION, ONEROSTER_BASE, ORG_COLLECTION, STUDENT_COLLECTION, TEACHER_COLLECTION,
  USER_COLLECTION, type Collection,
} from './collections.ts';
import {
  both, classesOfCourse, classesOfSchool, classesOfStudent, classesOfTeacher, classesOfTerm, coursesOfSchool, enrollmentsOfSchool, GRADING_PERIOD_SESSIONS, gradingPeriodsOfTerm,
  recordExists, recordIdOf, SCHOOL_ORGS, studentsOfClass, studentsOfSchool, teachersOfClass, teachersOfSchool, TERM_SESSIONS, termsOfSchool, type WithinParent,
} from './oneroster.repository.ts';
import { readRosterObject, readRosterPage, rosterQuery, singleQuery, unknownObject } from './read-rosters.ts';
import { SOURCED_ID_PREFIX, type SourcedKind } from './sourced-ids.ts';

const OBJECT_OF: Record<string, keyof typeof ONE_ROSTER_OBJECTS> = {
  orgs: 'org', academicSessions: 'academicSession', courses: 'course', classes: 'class', users: 'user', enrollments: 'enrollment', demographics: 'demographics',
};

/** The paging headers of the binding: the total, and links to the first, previous, next and last pages. */
function pagingHeaders(request: FastifyRequest, reply: FastifyReply, total: number, limit: number, offset: number) {
  reply.header('x-total-count', String(total));
  const [path, search] = request.url.split('?');
  const link = (rel: string, at: number) => {
    const params = new URLSearchParams(search ?? '');
    params.set('limit', String(limit));
    params.set('offset', String(at));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [link('first', 0)];
  if (offset > 0) links.push(link('prev', Math.max(0, offset - limit)));
  if (offset + limit < total) links.push(link('next', offset + limit));
  links.push(link('last', last));
  reply.header('link', links.join(', '));
}

interface Parent {
  param: string;
  kind: SourcedKind;
  table: Parameters<typeof recordExists>[1];
  name: string;
}

const rolesAndScopes = (collection: Collection) => ({ kind: 'signed-in' as const, roles: ['district-admin'] as const, tokenScopes: collection.scopes });
const objectSchema = (collection: Collection) => ONE_ROSTER_OBJECTS[OBJECT_OF[collection.plural]!];
const listSchema = (collection: Collection) => oneRosterList(collection.plural, objectSchema(collection));

function collectionRoute(url: string, operationId: string, summary: string, collection: Collection, view: RawBuilder<boolean> | null, parent?: Parent & { within: WithinParent }): RouteDefinition {
  return route({
    method: 'GET',
    url: `${ONEROSTER_BASE}${url}`,
    operationId,
    summary,
    tag: 'oneroster',
    access: rolesAndScopes(collection),
    ...(parent ? { params: z.strictObject({ [parent.param]: z.string().min(1).max(200) }) } : {}),
    query: rosterQuery,
    response: { description: `A page of ${collection.plural}; X-Total-Count and Link headers page through them`, schema: listSchema(collection) },
    // Rostering clients sync on a schedule and write nothing here: a replica a few seconds behind
    // serves them as well as the primary (docs/operations.md).
    reads: 'replica',
    async handler({ db, primary, actor, origin, params, query, request, reply }) {
      let within = view;
      let parentExists: ((trx: Transaction<Database>) => Promise<boolean>) | undefined;
      if (parent) {
        const sourcedId = (params as Record<string, string>)[parent.param]!;
        const id = await recordIdOf(db, actor.districtId, parent.table, SOURCED_ID_PREFIX[parent.kind], sourcedId);
        if (id === null) throw unknownObject(`${parent.name} ${sourcedId}`);
        const condition = parent.within(actor.districtId, actor.today, id);
        within = within ? both(within, condition) : condition;
        parentExists = (trx) => recordExists(trx, parent.table, actor.districtId, id);
      }
      const { body, total } = await readRosterPage(db, primary, actor, origin, { collection, within, parentExists, parentName: parent?.name, query });
      pagingHeaders(request, reply, total, query.limit, query.offset);
      return body;
    },
  });
}

function objectRoute(url: string, operationId: string, summary: string, collection: Collection, view: RawBuilder<boolean> | null): RouteDefinition {
  return route({
    method: 'GET',
    url: `${ONEROSTER_BASE}${url}/:sourcedId`,
    operationId,
    summary,
    tag: 'oneroster',
    access: rolesAndScopes(collection),
    params: z.strictObject({ sourcedId: z.string().min(1).max(200) }),
    query: singleQuery,
    response: { description: `One ${collection.singular}`, schema: oneRosterSingle(collection.singular, objectSchema(collection)) },
    reads: 'replica',
    handler: ({ db, primary, actor, origin, params, query }) => readRosterObject(db, primary, actor, origin, collection, params.sourcedId, view, query.fields),
  });
}

const school: Parent = { param: 'schoolSourcedId', kind: 'school', table: 'school', name: 'school' };
const klass: Parent = { param: 'classSourcedId', kind: 'class', table: 'section', name: 'class' };
const student: Parent = { param: 'studentSourcedId', kind: 'student', table: 'student', name: 'student' };
const teacher: Parent = { param: 'teacherSourcedId', kind: 'staff', table: 'staff', name: 'teacher' };
const term: Parent = { param: 'termSourcedId', kind: 'term', table: 'term', name: 'term' };
const course: Parent = { param: 'courseSourcedId', kind: 'course', table: 'course', name: 'course' };

export const oneRosterRoutes: RouteDefinition[] = [
  collectionRoute('/orgs', 'getAllOrgs', 'OneRoster: every org (the district and its schools)', ORG_COLLECTION, null),
  objectRoute('/orgs', 'getOrg', 'OneRoster: one org', ORG_COLLECTION, null),
  collectionRoute('/schools', 'getAllSchools', 'OneRoster: every school', ORG_COLLECTION, SCHOOL_ORGS),
  objectRoute('/schools', 'getSchool', 'OneRoster: one school', ORG_COLLECTION, SCHOOL_ORGS),
  collectionRoute('/academicSessions', 'getAllAcademicSessions', 'OneRoster: every academic session (school years, semesters, grading periods)', ACADEMIC_SESSION_COLLECTION, null),
  objectRoute('/academicSessions', 'getAcademicSession', 'OneRoster: one academic session', ACADEMIC_SESSION_COLLECTION, null),
  collectionRoute('/terms', 'getAllTerms', 'OneRoster: every term (semesters and summer school)', ACADEMIC_SESSION_COLLECTION, TERM_SESSIONS),
  objectRoute('/terms', 'getTerm', 'OneRoster: one term', ACADEMIC_SESSION_COLLECTION, TERM_SESSIONS),
  collectionRoute('/gradingPeriods', 'getAllGradingPeriods', 'OneRoster: every grading period', ACADEMIC_SESSION_COLLECTION, GRADING_PERIOD_SESSIONS),
  objectRoute('/gradingPeriods', 'getGradingPeriod', 'OneRoster: one grading period', ACADEMIC_SESSION_COLLECTION, GRADING_PERIOD_SESSIONS),
  collectionRoute('/courses', 'getAllCourses', 'OneRoster: every course of the catalog', COURSE_COLLECTION, null),
  objectRoute('/courses', 'getCourse', 'OneRoster: one course', COURSE_COLLECTION, null),
  collectionRoute('/classes', 'getAllClasses', 'OneRoster: every class (section)', CLASS_COLLECTION, null),
  objectRoute('/classes', 'getClass', 'OneRoster: one class', CLASS_COLLECTION, null),
  collectionRoute('/users', 'getAllUsers', 'OneRoster: every user (students, staff, parents and guardians)', USER_COLLECTION, null),
  objectRoute('/users', 'getUser', 'OneRoster: one user', USER_COLLECTION, null),
  collectionRoute('/students', 'getAllStudents', 'OneRoster: every student', STUDENT_COLLECTION, null),
  objectRoute('/students', 'getStudent', 'OneRoster: one student', STUDENT_COLLECTION, null),
  collectionRoute('/teachers', 'getAllTeachers', 'OneRoster: every teacher', TEACHER_COLLECTION, null),
  objectRoute('/teachers', 'getTeacher', 'OneRoster: one teacher', TEACHER_COLLECTION, null),
  collectionRoute('/enrollments', 'getAllEnrollments', 'OneRoster: every enrollment (students and teachers in classes)', ENROLLMENT_COLLECTION, null),
  objectRoute('/enrollments', 'getEnrollment', 'OneRoster: one enrollment', ENROLLMENT_COLLECTION, null),
  collectionRoute('/demographics', 'getAllDemographics', "OneRoster: every student's demographics", DEMOGRAPHICS_COLLECTION, null),
  objectRoute('/demographics', 'getDemographics', "OneRoster: one student's demographics", DEMOGRAPHICS_COLLECTION, null),

  collectionRoute('/schools/:schoolSourcedId/students', 'getStudentsForSchool', 'OneRoster: the students of a school', STUDENT_COLLECTION, null, {
    ...school, within: studentsOfSchool,
  }),
  collectionRoute('/schools/:schoolSourcedId/teachers', 'getTeachersForSchool', 'OneRoster: the teachers of a school', TEACHER_COLLECTION, null, {
    ...school, within: teachersOfSchool,
  }),
  collectionRoute('/schools/:schoolSourcedId/classes', 'getClassesForSchool', 'OneRoster: the classes of a school', CLASS_COLLECTION, null, {
    ...school, within: classesOfSchool,
  }),
  collectionRoute('/schools/:schoolSourcedId/courses', 'getCoursesForSchool', 'OneRoster: the courses a school offers', COURSE_COLLECTION, null, {
    ...school, within: coursesOfSchool,
  }),
  collectionRoute('/schools/:schoolSourcedId/enrollments', 'getEnrollmentsForSchool', 'OneRoster: the enrollments of a school', ENROLLMENT_COLLECTION, null, {
    ...school, within: enrollmentsOfSchool,
  }),
  collectionRoute('/schools/:schoolSourcedId/terms', 'getTermsForSchool', 'OneRoster: the terms of a school (district-wide in Homeroom)', ACADEMIC_SESSION_COLLECTION, TERM_SESSIONS, { ...school, within: termsOfSchool }),
  collectionRoute('/classes/:classSourcedId/students', 'getStudentsForClass', 'OneRoster: the students of a class today', STUDENT_COLLECTION, null, { ...klass, within: studentsOfClass }),
  collectionRoute('/classes/:classSourcedId/teachers', 'getTeachersForClass', 'OneRoster: the teachers of a class today', TEACHER_COLLECTION, null, { ...klass, within: teachersOfClass }),
  collectionRoute('/students/:studentSourcedId/classes', 'getClassesForStudent', "OneRoster: a student's classes today", CLASS_COLLECTION, null, { ...student, within: classesOfStudent }),
  collectionRoute('/teachers/:teacherSourcedId/classes', 'getClassesForTeacher', "OneRoster: a teacher's classes today", CLASS_COLLECTION, null, { ...teacher, within: classesOfTeacher }),
  collectionRoute('/terms/:termSourcedId/classes', 'getClassesForTerm', 'OneRoster: the classes that meet in a term', CLASS_COLLECTION, null, {
    ...term, within: classesOfTerm,
  }),
  collectionRoute('/terms/:termSourcedId/gradingPeriods', 'getGradingPeriodsForTerm', 'OneRoster: the grading periods of a term', ACADEMIC_SESSION_COLLECTION, GRADING_PERIOD_SESSIONS, {
    ...term, within: gradingPeriodsOfTerm,
  }),
  collectionRoute('/courses/:courseSourcedId/classes', 'getClassesForCourse', 'OneRoster: the classes of a course', CLASS_COLLECTION, null, {
    ...course, within: classesOfCourse,
  }),
];
