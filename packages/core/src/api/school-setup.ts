import { z } from 'zod';

/** The contract of school setup: a school year's terms and grading periods, and the calendar. */
const id = z.number().int();
const date = z.iso.date();

export const TERM_CODES = ['S1', 'S2', 'SU'] as const;
/** The kinds of calendar day; regular and minimum days are instructional (they take attendance and count toward ADA). */
export const DAY_TYPES = ['regular', 'minimum', 'holiday', 'pupil-free', 'weekend', 'break'] as const;
export const INSTRUCTIONAL_DAY_TYPES: readonly string[] = ['regular', 'minimum'];

export const gradingPeriod = z.strictObject({ id, code: z.string(), name: z.string(), startDate: date, endDate: date, isFinal: z.boolean(), marksDue: date.nullable() });
export const term = z.strictObject({ id, code: z.enum(TERM_CODES), name: z.string(), startDate: date, endDate: date, gradingPeriods: z.array(gradingPeriod) });
export const schoolYear = z.strictObject({ id, name: z.string(), startDate: date, endDate: date, isCurrent: z.boolean(), version: z.number().int(), terms: z.array(term) });
export const schoolYears = z.strictObject({ years: z.array(schoolYear) });

export const calendarDay = z.strictObject({ schoolId: id, day: date, dayType: z.enum(DAY_TYPES), instructional: z.boolean(), note: z.string().nullable(), version: z.number().int() });
export const calendarMonth = z.strictObject({ schoolId: id, month: z.string(), days: z.array(calendarDay) });
/** A day changed at one school, or at every school of the district. */
export const calendarChange = z.strictObject({ day: date, days: z.array(calendarDay) });

export type SchoolYear = z.output<typeof schoolYear>;
export type SchoolYears = z.output<typeof schoolYears>;
export type CalendarDay = z.output<typeof calendarDay>;
export type CalendarMonth = z.output<typeof calendarMonth>;
