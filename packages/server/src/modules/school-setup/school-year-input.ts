import { z } from 'zod';
import { TERM_CODES } from '@homeroom/core/api/school-setup';
import { invalid } from '../../http/validate.ts';

const isoDate = z.iso.date('must be a date such as 2027-08-16');
const label = z.string().trim().min(1, 'must not be empty').max(80);

const gradingPeriodInput = z.strictObject({
  code: z.string().trim().min(1, 'must not be empty').max(20),
  name: label,
  startDate: isoDate,
  endDate: isoDate,
  isFinal: z.boolean().default(false),
  marksDue: isoDate.nullable().default(null),
});
const termInput = z.strictObject({ code: z.enum(TERM_CODES), name: label, startDate: isoDate, endDate: isoDate, gradingPeriods: z.array(gradingPeriodInput).max(12).default([]) });

/** A year's dates and its terms with their grading periods, as one form saves them; terms and grading periods are known by their codes. */
export const schoolYearSetupInput = z.strictObject({ startDate: isoDate, endDate: isoDate, terms: z.array(termInput).max(3).default([]) });
export const newSchoolYearInput = schoolYearSetupInput.extend({ name: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2027-28') });

export type SchoolYearSetup = z.output<typeof schoolYearSetupInput>;

/** The rules a year's setup must keep; every broken one names its field, and nothing is saved. */
export function checkSchoolYearSetup(setup: SchoolYearSetup, name?: string) {
  const errors: Array<{ field: string; message: string }> = [];
  if (name !== undefined) {
    const first = Number(name.slice(0, 4));
    if (Number(name.slice(5)) !== (first + 1) % 100) errors.push({ field: 'body.name', message: 'must name two following years, such as 2027-28' });
    if (Number(setup.startDate.slice(0, 4)) !== first) errors.push({ field: 'body.startDate', message: `must be in ${first}, the first year of ${name}` });
  }
  if (setup.startDate >= setup.endDate) errors.push({ field: 'body.endDate', message: 'must be after the first day of the year' });
  const codes = new Set<string>();
  setup.terms.forEach((t, i) => {
    const at = `body.terms.${i}`;
    if (codes.has(t.code)) errors.push({ field: `${at}.code`, message: `${t.code} is there twice` });
    codes.add(t.code);
    if (t.startDate < setup.startDate || t.startDate > setup.endDate) errors.push({ field: `${at}.startDate`, message: `must be within the school year (${setup.startDate} to ${setup.endDate})` });
    if (t.endDate < setup.startDate || t.endDate > setup.endDate) errors.push({ field: `${at}.endDate`, message: `must be within the school year (${setup.startDate} to ${setup.endDate})` });
    if (t.startDate >= t.endDate) errors.push({ field: `${at}.endDate`, message: `must be after the first day of ${t.code}` });
    const periodCodes = new Set<string>();
    t.gradingPeriods.forEach((g, j) => {
      const gat = `${at}.gradingPeriods.${j}`;
      if (periodCodes.has(g.code)) errors.push({ field: `${gat}.code`, message: `${g.code} is there twice in ${t.code}` });
      periodCodes.add(g.code);
      if (g.startDate < t.startDate || g.startDate > t.endDate) errors.push({ field: `${gat}.startDate`, message: `must be within ${t.code} (${t.startDate} to ${t.endDate})` });
      if (g.endDate < t.startDate || g.endDate > t.endDate) errors.push({ field: `${gat}.endDate`, message: `must be within ${t.code} (${t.startDate} to ${t.endDate})` });
      if (g.startDate > g.endDate) errors.push({ field: `${gat}.endDate`, message: 'must not be before its first day' });
      if (g.marksDue !== null && g.marksDue < g.endDate) errors.push({ field: `${gat}.marksDue`, message: 'must not be before the last day of the grading period' });
    });
    const finals = t.gradingPeriods.filter((g) => g.isFinal).length;
    if (t.gradingPeriods.length > 0 && finals !== 1) errors.push({ field: `${at}.gradingPeriods`, message: `${t.code} needs exactly one final grading period (its marks go on the transcript); it has ${finals}` });
  });
  if (errors.length > 0) throw invalid(errors);
}
