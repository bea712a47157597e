import { z } from 'zod';
import { calendarChange, calendarMonth, schoolYear, schoolYears } from '@homeroom/core/api/school-setup';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { CALENDAR_KEEPERS, CALENDAR_READERS, SCHOOL_YEAR_READERS } from './calendar.ts';
import { calendarDayInput, changeCalendarDay, changeDistrictCalendarDay } from './change-calendar-day.ts';
import { changeSchoolYear } from './change-school-year.ts';
import { createSchoolYear } from './create-school-year.ts';
import { newSchoolYearInput, schoolYearSetupInput } from './school-year-input.ts';
import { viewCalendar } from './view-calendar.ts';
import { viewSchoolYears } from './view-school-years.ts';

const dayParam = z.iso.date('must be a date such as 2026-11-26');
const exampleYear = {
  name: '2028-29', startDate: '2028-08-01', endDate: '2029-07-31',
  terms: [{ code: 'S1', name: 'Fall', startDate: '2028-08-14', endDate: '2029-01-19', gradingPeriods: [{ code: 'S1-F', name: 'Fall final', startDate: '2028-08-14', endDate: '2029-01-19', isFinal: true, marksDue: '2029-01-24' }] }],
};

/** School setup: school years with their terms and grading periods, and the instructional calendar. */
export const schoolSetupRoutes = [
  route({
    method: 'GET',
    url: '/api/school-years',
    operationId: 'listSchoolYears',
    summary: "The district's school years with their terms and grading periods (which is final, when marks are due) and each year's version",
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: SCHOOL_YEAR_READERS },
    response: { description: 'The school years, oldest first', schema: schoolYears },
    handler: async ({ db, actor }) => ({ years: await viewSchoolYears(db, actor.districtId) }),
  }),
  route({
    method: 'POST',
    url: '/api/school-years',
    operationId: 'createSchoolYear',
    summary: 'Start a new school year with its terms (S1, S2, SU) and grading periods (audited)',
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: newSchoolYearInput,
    example: { body: exampleYear },
    response: { status: 201, description: 'The new school year', schema: schoolYear },
    async handler({ db, actor, origin, body, reply }) {
      const year = await createSchoolYear(db, actor, origin, body);
      return reply.code(201).header('etag', etagOf(year.version)).send(year);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/school-years/:schoolYearId',
    operationId: 'changeSchoolYear',
    summary: "Change a school year's dates, terms and grading periods (If-Match); a term or grading period with marks or attendance keeps its dates and stays, and the refusal says what depends on it",
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ schoolYearId: z.coerce.number().int().positive() }),
    body: schoolYearSetupInput,
    example: { body: { startDate: exampleYear.startDate, endDate: exampleYear.endDate, terms: exampleYear.terms }, headers: { 'if-match': '"1"' } },
    response: { description: 'The school year as saved, with its new version', schema: schoolYear },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const year = await changeSchoolYear(db, actor, origin, params.schoolYearId, body, requiredIfMatch(request));
      return reply.header('etag', etagOf(year.version)).send(year);
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/calendar',
    operationId: 'viewSchoolCalendar',
    summary: "A school's calendar days of a month (this month unless named): school days, minimum days, holidays and other days off, each with its version",
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: CALENDAR_READERS },
    params: z.strictObject({ schoolId: z.coerce.number().int().positive() }),
    query: z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must look like 2026-11').optional() }),
    response: { description: 'The days of the month in the calendar', schema: calendarMonth },
    handler: ({ db, actor, params, query }) => viewCalendar(db, actor, params.schoolId, query.month ?? actor.today.slice(0, 7)),
  }),
  route({
    method: 'PUT',
    url: '/api/schools/:schoolId/calendar/:date',
    operationId: 'changeSchoolCalendarDay',
    summary: 'Make a day of a school\'s calendar a school day, minimum day, holiday or other day off (If-Match when the day is already in the calendar); a day with attendance stays a school day',
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: CALENDAR_KEEPERS },
    params: z.strictObject({ schoolId: z.coerce.number().int().positive(), date: dayParam }),
    body: calendarDayInput,
    example: { body: { dayType: 'holiday', note: 'Veterans Day' } },
    response: { description: 'The day as saved', schema: calendarChange },
    handler: ({ db, actor, origin, params, body, request }) => changeCalendarDay(db, actor, origin, params.schoolId, params.date, body, request.headers['if-match'] ? requiredIfMatch(request) : null),
  }),
  route({
    method: 'PUT',
    url: '/api/calendar/:date',
    operationId: 'changeDistrictCalendarDay',
    summary: 'Make a day the same at every school of the district (a district holiday); refused for all if any school took attendance that day',
    tag: 'school-setup',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ date: dayParam }),
    body: calendarDayInput,
    example: { body: { dayType: 'holiday', note: 'Thanksgiving' } },
    response: { description: 'The day at each school', schema: calendarChange },
    handler: ({ db, actor, origin, params, body }) => changeDistrictCalendarDay(db, actor, origin, params.date, body),
  }),
];
