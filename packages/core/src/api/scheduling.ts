import { z } from 'zod';

/** The contract of the student scheduler's runs. */
const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

/** A run (or a master-schedule build) queued: follow it at url. */
export const queuedRun = z.strictObject({ runId: id, status: z.string(), url: z.string() });

/** A run: summary holds the scheduler's figures once it has them (score, students complete, ...). */
export const schedulingRun = z.strictObject({
  id,
  schoolId: id,
  schoolYear: z.string(),
  kind: z.string(),
  status: z.string(),
  progress: z.number(),
  seed: z.number().int(),
  summary: z.record(z.string(), z.unknown()).nullable(),
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

/** A master-schedule build: summary holds the builder's figures and, in preview, what moves. */
export const masterBuild = z.strictObject({
  id,
  schoolId: id,
  status: z.string(),
  progress: z.number(),
  seed: z.number().int(),
  timeLimitSeconds: z.number().int().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  requestedAt: instant,
  finishedAt: instant.nullable(),
  committedAt: instant.nullable(),
});

export const committedMasterBuild = z.strictObject({ runId: id, status: z.literal('committed'), sections: z.number().int(), studentsAffected: z.number().int() });

export const lockedSection = z.strictObject({ sectionId: id, code: z.string(), locked: z.boolean(), version: z.number().int() });
