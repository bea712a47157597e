import { z } from 'zod';
import { courseRefusal } from './graduation.ts';

/** The contract of the student scheduler's runs. */
const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

/** A run (or a master-schedule build) queued: follow it at url. */
export const queuedRun = z.strictObject({ runId: id, status: z.string(), url: z.string() });

const figure = z.number().optional();

/** A student scheduling run's figures, once it has them (a run queued by an older version may lack some); what the commit checks is not among them. */
export const runSummary = z.object({
  score: figure, seconds: figure, students: figure, studentsChanged: figure, studentsComplete: figure, studentsIncomplete: figure,
  requestsMet: figure, requestsTotal: figure, requiredMet: figure, requiredTotal: figure, seatsAdded: figure, seatsDropped: figure,
});

/** A run: summary holds the scheduler's figures once it has them (score, students complete, ...). */
export const schedulingRun = z.strictObject({
  id,
  schoolId: id,
  schoolYear: z.string(),
  kind: z.string(),
  status: z.string(),
  progress: z.number(),
  seed: z.number().int(),
  summary: runSummary.nullable(),
  error: z.string().nullable(),
  requestedAt: instant,
  finishedAt: instant.nullable(),
  committedAt: instant.nullable(),
});

export const schedulingRunPage = z.strictObject({ items: z.array(schedulingRun), limit: z.number().int(), offset: z.number().int() });

/** A run and the students it leaves without a course they asked for. */
export const schedulingRunPreview = schedulingRun.extend({
  unmet: z.array(z.strictObject({ studentId: id, localId: z.string(), name: z.string(), course: z.string(), title: z.string(), required: z.boolean(), reason: z.string().nullable() })),
});

export const committedRun = z.strictObject({ runId: id, status: z.literal('committed'), effective: z.iso.date(), seatsAdded: z.number().int(), seatsDropped: z.number().int(), studentsChanged: z.number().int() });

export const discardedRun = z.strictObject({ runId: id, status: z.literal('discarded') });

export const runComparison = z.strictObject({ runs: z.array(schedulingRun), studentsWithDifferentSchedules: z.number().int() });

export const copiedMasterSchedule = z.strictObject({ sections: z.number().int(), fromYear: z.string(), toYear: z.string() });

export type SchedulingRun = z.output<typeof schedulingRun>;

/** How the student scheduler did on a master schedule: the figures a build compares. */
export const sectioningJudgement = z.object({
  score: z.number(), requiredMet: z.number().int(), requiredTotal: z.number().int(), studentsComplete: z.number().int(),
  /** Per course id: requests for it left unmet (where the schedule hurts). */
  unmetByCourse: z.record(z.string(), z.number().int()).optional(),
});

/** A build's figures (builds made by older versions may lack the optional ones). */
export const masterBuildSummary = z.object({
  sections: z.number().int(),
  locksKept: z.number().int(),
  /** Whether every section kept its teacher (only times and rooms were built). */
  keepTeachers: z.boolean().optional(),
  students: z.number().int(),
  current: sectioningJudgement.nullable(),
  proposed: sectioningJudgement.nullable(),
  /** More students with a complete schedule under the proposal than under the schedule as it stands. */
  moreStudentsComplete: z.number().int().nullable().optional(),
  bound: z.strictObject({ studentsComplete: z.number().int(), requiredMet: z.number().int(), requiredTotal: z.number().int() }).nullable().optional(),
  sectionsMoved: z.number().int(),
  /** Which candidate the builder proposed: 'incumbent' is the schedule as it stands, kept. */
  chosen: z.string(),
  teachersChanged: z.number().int(),
  roomsChanged: z.number().int(),
  studentsAffected: z.number().int(),
  /** Locks kept only in part, with why. */
  notes: z.array(z.string()).optional(),
  seconds: z.number(),
});

/** A master-schedule build: summary holds the builder's figures and, in preview, what moves. */
export const masterBuild = z.strictObject({
  id,
  schoolId: id,
  status: z.string(),
  progress: z.number(),
  seed: z.number().int(),
  timeLimitSeconds: z.number().int().nullable(),
  summary: masterBuildSummary.nullable(),
  error: z.string().nullable(),
  requestedAt: instant,
  finishedAt: instant.nullable(),
  committedAt: instant.nullable(),
});

export const committedMasterBuild = z.strictObject({ runId: id, status: z.literal('committed'), sections: z.number().int(), studentsAffected: z.number().int() });

export const lockedSection = z.strictObject({ sectionId: id, code: z.string(), locked: z.boolean(), version: z.number().int() });

export const incompleteSchedules = z.strictObject({
  schoolYear: z.string(),
  total: z.number().int(),
  withoutAnyClass: z.number().int(),
  items: z.array(
    z.strictObject({
      studentId: id,
      localId: z.string(),
      name: z.strictObject({ first: z.string(), last: z.string() }),
      grade: z.number().int().nullable(),
      sections: z.number().int(),
      requestsMet: z.number().int(),
      requestsTotal: z.number().int(),
      requiredUnmet: z.array(z.strictObject({ course: z.string(), title: z.string().nullable() })),
    }),
  ),
});

const scheduleChangeFields = {
  /** Whether it can be saved as it is. */
  ok: z.boolean(),
  problems: z.array(z.string()),
  clashes: z.array(z.strictObject({ section: z.string(), with: z.string(), slot: z.string() })),
  seats: z.array(z.strictObject({ sectionId: id, section: z.string(), taken: z.number().int(), capacity: z.number().int(), full: z.boolean() })),
  refusals: z.array(courseRefusal),
  /** The course rules refuse it, and a counselor may override with a reason. */
  overridable: z.boolean(),
  saved: z.boolean(),
  override: z.strictObject({ reason: z.string(), refusals: z.array(courseRefusal) }).nullable(),
};

/** A drop/add, checked (dryRun) or saved. */
export const scheduleChange = z.strictObject(scheduleChangeFields);

/** A walk-in placed by the scheduler: the sections, what it could not place and why, and the change. */
export const placement = z.strictObject({
  placed: z.array(z.strictObject({ sectionId: id, section: z.string().optional() })),
  unmet: z.array(z.strictObject({ course: z.string(), reason: z.string() })),
  ...scheduleChangeFields,
});

export type ScheduleChange = z.output<typeof scheduleChange>;
export type Placement = z.output<typeof placement>;

/** The school's schedule report: who has no schedule or misses a required course, and each section's fill. */
export const scheduleReport = z.strictObject({
  students: z.number().int(),
  studentsWithRequests: z.number().int(),
  studentsWithoutSchedule: z.array(id),
  studentsIncomplete: z.number().int(),
  requiredUnmet: z.array(z.strictObject({ studentId: id, course: z.string() })),
  sectionFill: z.array(
    z.strictObject({ sectionId: id, course: z.string(), section: z.string().nullable(), title: z.string().nullable(), slots: z.array(z.string()), enrolled: z.number().int(), capacity: z.number().int() }),
  ),
});

/** What the master schedule makes hard for the student scheduler, with figures and a sentence. */
export const masterScheduleWarning = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('singleton-clash'), courses: z.tuple([z.string(), z.string()]), slots: z.array(z.string()), students: z.number().int(), requiredStudents: z.number().int(), message: z.string() }),
  z.strictObject({ kind: z.literal('group-in-one-period'), group: z.string(), courses: z.array(z.string()), slots: z.array(z.string()), message: z.string() }),
  z.strictObject({ kind: z.literal('more-requests-than-seats'), course: z.string(), requests: z.number().int(), seats: z.number().int(), message: z.string() }),
]);

export const masterScheduleChecks = z.strictObject({ warnings: z.array(masterScheduleWarning) });

/** A check of the grid, pointing at the sections it concerns. */
export const gridCheck = z.strictObject({ kind: z.string(), message: z.string(), sectionIds: z.array(id), slots: z.array(z.string()) });

export const gridSection = z.strictObject({
  id,
  code: z.string(),
  course: z.string(),
  title: z.string(),
  /** year, S1 or S2; null before the section has a period. */
  term: z.string().nullable(),
  period: z.string().nullable(),
  slots: z.array(z.string()),
  teacher: z.strictObject({ staffId: id, name: z.string() }).nullable(),
  room: z.strictObject({ id, code: z.string() }).nullable(),
  enrolled: z.number().int(),
  capacity: z.number().int(),
  locked: z.boolean(),
  program: z.string().nullable(),
  version: z.number().int(),
  /** Indexes into the grid's checks. */
  checks: z.array(z.number().int()),
});

/** Sections by slot ("S1-P1"), for one teacher or one room. */
const cells = z.record(z.string(), z.array(id));

/** The master-schedule grid: periods by teachers and by rooms, the checks, and what is not yet placed. */
export const masterScheduleGrid = z.strictObject({
  schoolYear: z.string(),
  schoolId: id,
  terms: z.array(z.string()),
  periods: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  sections: z.array(gridSection),
  byTeacher: z.array(z.strictObject({ staffId: id, name: z.string(), maxSections: z.number().int(), cells })),
  byRoom: z.array(z.strictObject({ id, code: z.string(), name: z.string().nullable(), type: z.string(), capacity: z.number().int(), cells })),
  checks: z.array(gridCheck),
  unplaced: z.array(z.strictObject({ id, code: z.string(), missing: z.array(z.string()) })),
});

const placeOfSection = z.strictObject({ slots: z.array(z.string()), staffId: id.nullable(), roomId: id.nullable() });

/** A section's move, checked (dryRun) or saved: what it would break, hard rules first. */
export const sectionMove = z.strictObject({
  sectionId: id,
  code: z.string(),
  from: placeOfSection,
  to: placeOfSection,
  studentsAffected: z.number().int(),
  clashes: z.array(z.strictObject({ kind: z.string(), hard: z.boolean(), message: z.string(), sectionIds: z.array(id).optional(), students: z.number().int().optional() })),
  saved: z.boolean(),
  canSave: z.boolean(),
  /** The section's new version, once saved. */
  version: z.number().int().optional(),
});

export type MasterScheduleGrid = z.output<typeof masterScheduleGrid>;
export type GridSection = z.output<typeof gridSection>;
export type GridCheck = z.output<typeof gridCheck>;
export type SectionMove = z.output<typeof sectionMove>;
