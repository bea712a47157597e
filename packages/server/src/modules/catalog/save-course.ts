import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { invalid } from '../../http/validate.ts';
import { checkCourse, type CourseInput } from './course-input.ts';
import { courseById, courseCodeTaken, coursesByCode, insertCourse, prerequisiteLoop, replacePrerequisites, updateCourse } from './catalog.repository.ts';
import { requireCatalogKeeper } from './setup-access.ts';
import { viewCourse } from './view-courses.ts';

/** The prerequisites named by code, each a course of the catalog that does not already need this one. */
async function prerequisitesFor(trx: Handle, districtId: number, courseId: number | null, input: CourseInput) {
  const found = await coursesByCode(trx, districtId, input.prerequisites.map((p) => p.code));
  const errors: Array<{ field: string; message: string }> = [];
  const out: Array<{ courseId: number; minimumMark: string }> = [];
  for (const [i, p] of input.prerequisites.entries()) {
    const c = found.find((f) => f.code === p.code);
    if (!c) {
      errors.push({ field: `body.prerequisites.${i}.code`, message: `no course of the catalog has the code ${p.code}` });
      continue;
    }
    if (courseId !== null && (await prerequisiteLoop(trx, districtId, courseId, c.id))) errors.push({ field: `body.prerequisites.${i}.code`, message: `${c.code} already needs ${input.code} first: they cannot need each other` });
    out.push({ courseId: c.id, minimumMark: p.minimumMark });
  }
  if (errors.length) throw invalid(errors);
  return out;
}

function codeTaken(code: string) {
  return new Problem(409, 'course-code-taken', `${code} is already in the catalog`, `Another course has the code ${code}; choose another code or change that course. Nothing was saved.`, { field: 'body.code' });
}

/** Adds a course to the district's catalog with its prerequisites (district administrators). */
export async function createCourse(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: CourseInput) {
  requireCatalogKeeper(actor);
  checkCourse(input);
  return db.transaction().execute(async (trx) => {
    if (await courseCodeTaken(trx, actor.districtId, input.code, null)) throw codeTaken(input.code);
    const prerequisites = await prerequisitesFor(trx, actor.districtId, null, input);
    const courseId = await insertCourse(trx, actor.districtId, input);
    await replacePrerequisites(trx, actor.districtId, courseId, prerequisites);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'course', entityId: courseId, reason: 'school setup: course catalog', details: { ...input } });
    return viewCourse(trx, actor.districtId, courseId);
  });
}

/** Changes a course of the catalog against the version the administrator saw. */
export async function changeCourse(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, courseId: number, input: CourseInput, expectedVersion: number) {
  requireCatalogKeeper(actor);
  checkCourse(input);
  return db.transaction().execute(async (trx) => {
    const before = await courseById(trx, actor.districtId, courseId, true);
    if (!before) throw notFound('This course');
    if (before.version !== expectedVersion) throw staleVersion(`${before.code} ${before.title}`, 'the course');
    if (await courseCodeTaken(trx, actor.districtId, input.code, courseId)) throw codeTaken(input.code);
    const prerequisites = await prerequisitesFor(trx, actor.districtId, courseId, input);
    await updateCourse(trx, actor.districtId, courseId, expectedVersion, input);
    await replacePrerequisites(trx, actor.districtId, courseId, prerequisites);
    const changed = Object.fromEntries(
      Object.entries({ code: before.code, title: before.title, credits: before.credits, subject: before.subject, agArea: before.ag_area, honors: before.honors, termLength: before.term_length, repeatableForCredit: before.repeatable_for_credit, active: before.active })
        .filter(([k, v]) => (k === 'credits' ? Number(v) !== Number(input.credits) : v !== input[k as keyof CourseInput]))
        .map(([k, v]) => [k, { from: v, to: input[k as keyof CourseInput] }]),
    );
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'course', entityId: courseId, reason: 'school setup: course catalog', details: { code: input.code, changed, prerequisites: input.prerequisites } });
    return viewCourse(trx, actor.districtId, courseId);
  });
}
