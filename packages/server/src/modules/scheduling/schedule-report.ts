import { SECTIONING_RESULT_FORMAT, type SectioningResult } from '@homeroom/core/formats/sectioning';
import { checkMasterSchedule } from '@homeroom/core/scheduling/master-schedule-checks';
import { studentScheduleStatus } from '@homeroom/core/scheduling/schedule-status';
import { buildSchoolInstance, type SchoolInstance } from './build-instance.ts';
import type { Handle } from '../../db/handle.ts';
import { courseKinds, sectionLabels, sectionProgramsOf } from './scheduling.repository.ts';

function currentResult(built: SchoolInstance): SectioningResult {
  const fixed = new Map(built.instance.students.map((s) => [s.id, new Set(s.fixed)]));
  const assignments = [...built.currentAssignments].flatMap(([student, sections]) =>
    [...sections].filter((section) => !fixed.get(String(student))?.has(String(section))).map((section) => ({ student: String(student), section: String(section) })),
  );
  return { format: SECTIONING_RESULT_FORMAT, assignments, unmet: [], stats: { seconds: 0 } };
}

/** Each student's schedule as it stands, judged against their requests by the core's matching. */
export async function scheduleStatuses(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  const built = await buildSchoolInstance(db, districtId, schoolId, schoolYearId, 'current schedules');
  return { built, statuses: studentScheduleStatus(built.instance, currentResult(built)) };
}

/**
 * The school's schedules as they stand, judged against the students' requests: who has no
 * schedule, who has an incomplete one, which required courses are missing, how full each section is.
 */
export async function schoolScheduleReport(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  const { built, statuses } = await scheduleStatuses(db, districtId, schoolId, schoolYearId);
  const withRequests = statuses.filter((s) => s.requestsTotal > 0);
  const fill = new Map<string, number>();
  for (const sections of built.currentAssignments.values()) for (const id of sections) fill.set(String(id), (fill.get(String(id)) ?? 0) + 1);
  // Section codes, titles and periods, so people (a counselor choosing a section to add) read the
  // section as it is printed on schedules rather than an id.
  const ids = built.instance.sections.map((s) => Number(s.id));
  const named = await sectionLabels(db, districtId, ids);
  const label = new Map<number, { code: string; title: string; slots: string[] }>();
  for (const row of named) {
    const entry = label.get(row.id) ?? { code: row.code, title: row.title, slots: [] };
    if (row.period && row.term) entry.slots.push(`${row.term}-${row.period}`);
    label.set(row.id, entry);
  }
  return {
    students: statuses.length,
    studentsWithRequests: withRequests.length,
    studentsWithoutSchedule: statuses.filter((s) => s.sections === 0).map((s) => Number(s.student)),
    studentsIncomplete: withRequests.filter((s) => !s.complete).length,
    requiredUnmet: withRequests.flatMap((s) => s.requiredUnmet.map((course) => ({ studentId: Number(s.student), course }))),
    sectionFill: built.instance.sections.map((s) => ({ sectionId: Number(s.id), course: s.course, section: label.get(Number(s.id))?.code ?? null, title: label.get(Number(s.id))?.title ?? null, slots: label.get(Number(s.id))?.slots.sort() ?? [], enrolled: fill.get(s.id) ?? 0, capacity: s.capacity })),
  };
}

/** The groups of courses a student may need several of: AP courses, English-learner core. */
export async function masterCheckGroups(db: Handle, districtId: number, schoolId: number, schoolYearId: number, courseCodes: string[]) {
  const courses = await courseKinds(db, districtId, courseCodes);
  const sections = await sectionProgramsOf(db, districtId, schoolId, schoolYearId);
  return [
    { name: 'AP', courses: courses.filter((c) => c.honors === 'ap').map((c) => c.code) },
    { name: 'English-learner core', courses: [...new Set(sections.filter((s) => s.program === 'el').map((s) => s.code))] },
  ];
}

export async function schoolScheduleChecks(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  const built = await buildSchoolInstance(db, districtId, schoolId, schoolYearId, 'checks');
  const groups = await masterCheckGroups(db, districtId, schoolId, schoolYearId, built.instance.courses.map((c) => c.id));
  return { warnings: checkMasterSchedule(built.instance, { groups }) };
}
