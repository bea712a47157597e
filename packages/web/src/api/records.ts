/** The shapes of the transcript, graduation, marks, scheduling and audit APIs, as the screens use them. */

import type { z } from 'zod';
import type * as accounts from '@homeroom/core/api/accounts';
import type * as attendance from '@homeroom/core/api/attendance';
import type * as audit from '@homeroom/core/api/audit';
import type * as district from '@homeroom/core/api/district';
import type * as graduation from '@homeroom/core/api/graduation';
import type * as scheduling from '@homeroom/core/api/scheduling';

export type { Transcript, TranscriptEntry } from '@homeroom/core/api/transcripts';

/** One verdict of a requirement (diploma, A-G): what is earned, in progress and needed, and the courses counted. */
export type RequirementStatus = z.output<typeof graduation.requirementVerdict>;

export type MissingRequirement = z.output<typeof graduation.missingRequirement>;

type AuditAnswer = z.output<typeof graduation.graduationAudit>;

/**
 * The audit as the screen reads it. Which verdicts a requirement has is the requirement set's
 * data (the core's sets have `diploma` and `ag`), so the schema cannot name them: this view does.
 */
export type GraduationAudit = Omit<AuditAnswer, 'audit'> & {
  audit: Pick<AuditAnswer['audit'], 'format' | 'student' | 'requirementSet' | 'onTrack'> & {
    diploma: { met: boolean };
    ag: { met: boolean };
    requirements: Array<{ id: string; diploma?: RequirementStatus; ag?: RequirementStatus }>;
  };
};

export type CourseRequest = z.output<typeof graduation.courseRequests>['items'][number];

export type CourseRequests = z.output<typeof graduation.courseRequests>;

export type CourseRequestProposals = z.output<typeof graduation.generatedRequests>;

/** Why the course rules refuse a course: passed already (with the mark and term), or a prerequisite not met; `message` is the sentence to show. */
export type CourseRefusal = z.output<typeof graduation.courseRefusal>;

export type ScheduleChangeResult = z.output<typeof scheduling.scheduleChange>;

export type GraduationList = z.output<typeof graduation.graduationList>;

export type MySections = z.output<typeof district.mySections>;

export type { SectionMarks } from '@homeroom/core/api/marks';

export type RunSummary = z.output<typeof scheduling.runSummary>;

/** A run as listed, and with the students it leaves without a course they asked for when previewed. */
export type SchedulingRun = z.output<typeof scheduling.schedulingRun> & Partial<Pick<z.output<typeof scheduling.schedulingRunPreview>, 'unmet'>>;

export type ScheduleReport = z.output<typeof scheduling.scheduleReport>;

export type AttendanceNotTaken = z.output<typeof attendance.attendanceNotTaken>;

/** What the audit trail screen shows of an event (not the address or the details). */
export type AuditEvent = Omit<z.output<typeof audit.auditEvent>, 'ip' | 'details'>;

export type Account = z.output<typeof accounts.userAccounts>['users'][number];

/** A code as a student's attendance lists it. */
export type AttendanceCode = z.output<typeof attendance.studentAttendance>['codes'][number];

export type StudentAttendance = z.output<typeof attendance.studentAttendance>;
export type AttendanceCorrection = z.output<typeof attendance.attendanceCorrection>;

export type AverageDailyAttendance = z.output<typeof attendance.ada>;

export type ChronicAbsenceList = z.output<typeof attendance.chronicAbsence>;

export type { AttendanceImportResult, ImportProblem } from '@homeroom/core/api/attendance';
