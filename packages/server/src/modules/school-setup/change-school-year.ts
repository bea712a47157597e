import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { checkSchoolYearSetup, type SchoolYearSetup } from './school-year-input.ts';
import {
  deleteGradingPeriod, deleteTerm, insertGradingPeriod, insertTerm, listGradingPeriods, listTerms, marksInGradingPeriod, schoolYearForUpdate, termDependents, updateGradingPeriod, updateSchoolYear, updateTerm,
} from './school-setup.repository.ts';
import { viewSchoolYear } from './view-school-years.ts';
import { servesWholeDistrict } from '../../auth/access.ts';

/** School years, terms and grading periods are the district's: only a district administrator sets them up. */
export function requireDistrictAdmin(actor: Actor) {
  if (!servesWholeDistrict(actor)) throw new Problem(403, 'forbidden', 'Only a district administrator sets up school years', 'Terms and grading periods are the same at every school of the district.');
}

function dependentsInWords(counts: Record<string, number>) {
  const words: Record<string, [string, string]> = { marks: ['mark', 'marks'], attendance: ['attendance record', 'attendance records'], sections: ['section meeting in it', 'sections meeting in it'], unavailable: ["student's unavailable period", "students' unavailable periods"] };
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${words[k]![n === 1 ? 0 : 1]}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function inUse(code: string, what: string, field: string, counts: Record<string, number>, refused: string) {
  const dependents = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  return new Problem(409, code, `${what} is already in use`, `${what} already has ${dependentsInWords(dependents)}: ${refused}. Nothing was saved.`, { field, dependents });
}

/**
 * Makes a year's terms and grading periods what the form says: adds the new ones, changes the ones
 * kept (known by code) and removes the ones left out. A term or grading period that already has
 * marks or attendance keeps its dates (and a grading period whether it is final) and stays: the
 * marks and attendance were given inside them. Names and marks due dates may always change.
 */
export async function applySchoolYearSetup(trx: Handle, districtId: number, schoolYearId: number, setup: SchoolYearSetup) {
  const terms = await listTerms(trx, districtId, [schoolYearId]);
  const periods = await listGradingPeriods(trx, districtId, terms.map((t) => t.id));
  const changes: string[] = [];
  for (const old of terms) {
    if (setup.terms.some((t) => t.code === old.code)) continue;
    const counts = await termDependents(trx, districtId, old.id);
    if (Object.values(counts).some((n) => n > 0)) throw inUse('term-in-use', `${old.name} (${old.code})`, 'body.terms', counts, 'it cannot be removed');
    for (const g of periods.filter((p) => p.term_id === old.id)) await deleteGradingPeriod(trx, districtId, g.id);
    await deleteTerm(trx, districtId, old.id);
    changes.push(`removed ${old.code}`);
  }
  for (const [i, t] of setup.terms.entries()) {
    const old = terms.find((o) => o.code === t.code);
    let termId: number;
    if (!old) {
      termId = await insertTerm(trx, districtId, schoolYearId, t);
      changes.push(`added ${t.code}`);
    } else {
      termId = old.id;
      if (old.start_date !== t.startDate || old.end_date !== t.endDate) {
        const { marks, attendance } = await termDependents(trx, districtId, old.id);
        if (marks + attendance > 0) throw inUse('term-in-use', `${old.name} (${old.code})`, `body.terms.${i}.${old.start_date !== t.startDate ? 'startDate' : 'endDate'}`, { marks, attendance }, 'its dates cannot change');
      }
      if (old.name !== t.name || old.start_date !== t.startDate || old.end_date !== t.endDate) {
        await updateTerm(trx, districtId, old.id, t);
        changes.push(`changed ${t.code}`);
      }
    }
    const oldPeriods = periods.filter((p) => p.term_id === termId);
    for (const g of oldPeriods) {
      if (t.gradingPeriods.some((n) => n.code === g.code)) continue;
      const marks = await marksInGradingPeriod(trx, districtId, g.id);
      if (marks > 0) throw inUse('grading-period-in-use', `${g.name} (${g.code})`, `body.terms.${i}.gradingPeriods`, { marks }, 'it cannot be removed');
      await deleteGradingPeriod(trx, districtId, g.id);
      changes.push(`removed ${g.code}`);
    }
    for (const [j, g] of t.gradingPeriods.entries()) {
      const before = oldPeriods.find((p) => p.code === g.code);
      if (!before) {
        await insertGradingPeriod(trx, districtId, termId, g);
        changes.push(`added ${g.code}`);
        continue;
      }
      const field = before.start_date !== g.startDate ? 'startDate' : before.end_date !== g.endDate ? 'endDate' : before.is_final !== g.isFinal ? 'isFinal' : null;
      if (field) {
        const marks = await marksInGradingPeriod(trx, districtId, before.id);
        if (marks > 0) throw inUse('grading-period-in-use', `${before.name} (${before.code})`, `body.terms.${i}.gradingPeriods.${j}.${field}`, { marks }, field === 'isFinal' ? 'whether it is final cannot change' : 'its dates cannot change');
      }
      if (field || before.name !== g.name || before.marks_due !== g.marksDue) {
        await updateGradingPeriod(trx, districtId, before.id, g);
        changes.push(`changed ${g.code}`);
      }
    }
  }
  return changes;
}

/** Changes a school year's dates, terms and grading periods against the version the administrator saw. */
export async function changeSchoolYear(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolYearId: number, setup: SchoolYearSetup, expectedVersion: number) {
  requireDistrictAdmin(actor);
  checkSchoolYearSetup(setup);
  return db.transaction().execute(async (trx) => {
    const year = await schoolYearForUpdate(trx, actor.districtId, schoolYearId);
    if (!year) throw notFound('This school year');
    if (year.version !== expectedVersion) throw staleVersion(year.name, 'the school year');
    const changes = await applySchoolYearSetup(trx, actor.districtId, schoolYearId, setup);
    await updateSchoolYear(trx, actor.districtId, schoolYearId, expectedVersion, setup);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'school-year', entityId: schoolYearId, reason: 'school setup: terms and grading periods', details: { name: year.name, startDate: setup.startDate, endDate: setup.endDate, changes } });
    return viewSchoolYear(trx, actor.districtId, schoolYearId);
  });
}
