import type { z } from 'zod';
import type { schoolYear } from '@homeroom/core/api/school-setup';
import type { Handle } from '../../db/handle.ts';
import { listGradingPeriods, listSchoolYears, listTerms } from './school-setup.repository.ts';

type SchoolYearView = z.input<typeof schoolYear>;

/** The district's school years, each with its terms and their grading periods, oldest first. */
export async function viewSchoolYears(db: Handle, districtId: number): Promise<SchoolYearView[]> {
  const years = await listSchoolYears(db, districtId);
  const terms = await listTerms(db, districtId, years.map((y) => y.id));
  const periods = await listGradingPeriods(db, districtId, terms.map((t) => t.id));
  return years.map((y) => ({
    id: y.id,
    name: y.name,
    startDate: y.start_date,
    endDate: y.end_date,
    isCurrent: y.is_current,
    version: y.version,
    terms: terms
      .filter((t) => t.school_year_id === y.id)
      .map((t) => ({
        id: t.id,
        code: t.code as 'S1' | 'S2' | 'SU',
        name: t.name,
        startDate: t.start_date,
        endDate: t.end_date,
        gradingPeriods: periods.filter((g) => g.term_id === t.id).map((g) => ({ id: g.id, code: g.code, name: g.name, startDate: g.start_date, endDate: g.end_date, isFinal: g.is_final, marksDue: g.marks_due })),
      })),
  }));
}

export async function viewSchoolYear(db: Handle, districtId: number, schoolYearId: number): Promise<SchoolYearView> {
  const year = (await viewSchoolYears(db, districtId)).find((y) => y.id === schoolYearId);
  if (!year) throw new Error(`school year ${schoolYearId} vanished inside its own transaction`);
  return year;
}
