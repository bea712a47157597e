import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { describeCourse } from './course-input.ts';
import { courseById, findCourses, prerequisitesOf } from './catalog.repository.ts';

/** At most this many courses in one answer: a whole district catalog (a few thousand) fits. */
export const COURSE_LIST_LIMIT = 5000;

/** The district's course catalog, or the courses whose code starts with or whose title contains the search. */
export async function viewCourses(db: Kysely<Database>, districtId: number, search: string) {
  const { rows, total } = await findCourses(db, districtId, search.trim(), COURSE_LIST_LIMIT);
  const prerequisites = await prerequisitesOf(db, districtId, rows.map((r) => r.id));
  return { items: rows.map((r) => describeCourse(r, prerequisites)), total, truncated: total > rows.length };
}

export async function viewCourse(db: Handle, districtId: number, courseId: number) {
  const row = await courseById(db, districtId, courseId);
  if (!row) throw new Error(`course ${courseId} vanished inside its own transaction`);
  return describeCourse(row, await prerequisitesOf(db, districtId, [courseId]));
}
