import { z } from 'zod';

/** The contract of the graduation audit and course request routes. */
const id = z.number().int();

export const missingRequirement = z.strictObject({ requirement: z.string(), title: z.string(), needed: z.number(), status: z.string() });

/** One verdict of a requirement in an audit (homeroom.audit/v1). */
export const requirementVerdict = z.strictObject({
  status: z.enum(['met', 'in_progress', 'missing']),
  earned: z.number(),
  inProgress: z.number(),
  needed: z.number(),
  courses: z.array(z.string()),
});

/** The homeroom.audit/v1 document (its verdicts, such as diploma and ag, are the requirement set's) and its summary. */
export const graduationAudit = z.strictObject({
  audit: z.looseObject({
    format: z.string(),
    student: z.string(),
    requirementSet: z.string(),
    onTrack: z.boolean(),
    requirements: z.array(z.looseObject({ id: z.string() })),
  }),
  summary: z.strictObject({ requirementSet: z.string(), diplomaMet: z.boolean(), agMet: z.boolean(), onTrack: z.boolean(), onScheduleToGraduate: z.boolean(), missing: z.array(missingRequirement) }),
});

export const courseRequests = z.strictObject({
  schoolYear: z.string(),
  items: z.array(
    z.strictObject({
      id,
      course: z.string(),
      title: z.string(),
      required: z.boolean(),
      priority: z.number().int(),
      alternates: z.array(z.string()),
      source: z.string(),
      reason: z.string().nullable(),
      /** Why a counselor kept a course the student passed, or whose prerequisite is not met. */
      overrideReason: z.string().nullable(),
      version: z.number().int(),
    }),
  ),
});

export const proposedRequest = z.strictObject({
  course: z.string(),
  required: z.boolean(),
  priority: z.number().int(),
  alternates: z.array(z.string()),
  reason: z.string(),
  source: z.enum(['graduation-audit', 'repeat', 'sequence', 'student-choice']),
});

export const generatedRequests = z.strictObject({ schoolYear: z.string(), saved: z.boolean(), proposals: z.array(proposedRequest) });

/** A course rule refused, with the sentence that says why; what else it carries depends on its code. */
export const courseRefusal = z.looseObject({ code: z.enum(['course-already-passed', 'prerequisite-not-met']), course: z.string(), title: z.string(), message: z.string() });

export const changedCourseRequest = z.strictObject({ version: z.number().int(), override: z.strictObject({ reason: z.string(), refusals: z.array(courseRefusal) }).nullable() });

export const graduationList = z.strictObject({
  list: z.enum(['not-on-track', 'seniors-at-risk']),
  total: z.number().int(),
  items: z.array(
    z.strictObject({ studentId: id, localId: z.string(), name: z.strictObject({ first: z.string(), last: z.string() }), grade: z.number().int().nullable(), onTrack: z.boolean(), missing: z.array(missingRequirement) }),
  ),
});

/** A background job without a status yet: follow it at url. */
export const startedJob = z.strictObject({ jobId: id, url: z.string() });

export type GraduationAudit = z.output<typeof graduationAudit>;
export type CourseRequests = z.output<typeof courseRequests>;
