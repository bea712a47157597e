import type { Actor, Role } from '../../auth/roles.ts';
import { Problem } from '../../http/problem.ts';
import { servesWholeDistrict } from '../../auth/access.ts';

/**
 * Who sets up what. The course catalog is the district's: every school reads it, only a district
 * administrator changes it. A school's rooms, periods, bell schedules and sections are kept by
 * its administrators and office staff; its counselors read them. The help desk reads the catalog,
 * and a school's setup as the user it views as (read-only).
 */
export const CATALOG_READERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk', 'counselor', 'help-desk'];
export const SETUP_KEEPERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk'];
export const SETUP_READERS: readonly Role[] = [...SETUP_KEEPERS, 'counselor'];

export function requireCatalogKeeper(actor: Actor) {
  if (!servesWholeDistrict(actor)) {
    throw new Problem(403, 'forbidden', 'Only a district administrator changes the course catalog', 'The catalog is the same at every school of the district; ask the district office.');
  }
}


const WORDS: Record<string, [string, string]> = {
  sections: ['section', 'sections'],
  attendance: ['attendance record', 'attendance records'],
  unavailable: ['unavailable slot of a student or teacher', 'unavailable slots of students and teachers'],
  proposals: ['placement in a master-schedule build', 'placements in master-schedule builds'],
  marks: ['mark', 'marks'],
  enrolled: ['student enrolled', 'students enrolled'],
};

/** "3 sections (ENG10-01, ENG10-02, MATH-01) and 12 attendance records": what depends on a record, in words. */
export function dependentsInWords(counts: Record<string, number>, names: Record<string, string[]> = {}) {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => {
      const listed = names[k]?.length ? ` (${names[k]!.slice(0, 10).join(', ')}${names[k]!.length > 10 ? ', …' : ''})` : '';
      return `${n} ${WORDS[k]?.[n === 1 ? 0 : 1] ?? k}${listed}`;
    });
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A refusal because other records depend on this one, naming them; nothing was saved. */
export function dependedOn(code: string, title: string, what: string, field: string, counts: Record<string, number>, refused: string, names: Record<string, string[]> = {}) {
  const dependents = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  return new Problem(409, code, title, `${what} has ${dependentsInWords(dependents, names)}: ${refused}. Nothing was saved.`, { field, dependents, ...(Object.keys(names).length ? { named: names } : {}) });
}
