/** The shapes of the transcript, graduation, marks, scheduling and audit APIs, as the screens use them. */

import type { z } from 'zod';
import type * as accounts from '@homeroom/core/api/accounts';
import type * as attendance from '@homeroom/core/api/attendance';
import type * as audit from '@homeroom/core/api/audit';
import type * as district from '@homeroom/core/api/district';
import type * as graduation from '@homeroom/core/api/graduation';
import type * as scheduling from '@homeroom/core/api/scheduling';

export type { Transcript, TranscriptEntry } from '@homeroom/core/api/transcripts';

export interface RequirementStatus {
  status: 'met' | 'in_progress' | 'missing' | string;
  earned: number;
  inProgress: number;
  needed: number;
  courses: string[];
}

export interface MissingRequirement {
  requirement: string;
  title: string;
  needed: number;
  status: string;
}

export interface GraduationAudit {
  audit: {
    requirementSet: string;
    diploma: { met: boolean };
    ag: { met: boolean };
    onTrack: boolean;
    requirements: Array<{ id: string; diploma?: RequirementStatus; ag?: RequirementStatus }>;
  };
  summary: { requirementSet: string; diplomaMet: boolean; agMet: boolean; onTrack: boolean; onScheduleToGraduate: boolean; missing: MissingRequirement[] };
}

export interface CourseRequest {
  id: number;
  course: string;
  title?: string;
  required: boolean;
  priority: number;
  alternates?: string[];
  source: string;
  reason?: string | null;
  /** Why a counselor kept a course the student passed, or whose prerequisite is not met. */
  overrideReason?: string | null;
  version: number;
}

export type CourseRequests = z.output<typeof graduation.courseRequests>;

export type CourseRequestProposals = z.output<typeof graduation.generatedRequests>;

/** Why the course rules refuse a course: passed already (with the mark and term), or a prerequisite not met. */
export interface CourseRefusal {
  code: 'course-already-passed' | 'prerequisite-not-met';
  course: string;
  title: string;
  /** The sentence to show. */
  message: string;
}

export type ScheduleChangeResult = z.output<typeof scheduling.scheduleChange>;

export type GraduationList = z.output<typeof graduation.graduationList>;

export type MySections = z.output<typeof district.mySections>;

export type { SectionMarks } from '@homeroom/core/api/marks';

export interface RunSummary {
  score?: number;
  seconds?: number;
  students?: number;
  studentsChanged?: number;
  studentsComplete?: number;
  studentsIncomplete?: number;
  requestsMet?: number;
  requestsTotal?: number;
  requiredMet?: number;
  requiredTotal?: number;
  seatsAdded?: number;
  seatsDropped?: number;
}

export interface SchedulingRun {
  id: number;
  schoolId: number;
  /** 'students' for a student scheduling run, 'master' for a master-schedule build. */
  kind?: string;
  /** The school year the run schedules ('2027-28'). */
  schoolYear?: string;
  status: 'queued' | 'running' | 'preview' | 'committed' | 'discarded' | 'failed' | string;
  progress: number;
  summary: RunSummary | null;
  error: string | null;
  requestedAt: string;
  finishedAt: string | null;
  committedAt: string | null;
  unmet?: Array<{ studentId: number; localId?: string; name?: string; course: string; title?: string; reason: string; required?: boolean }>;
}

export interface ScheduleReport {
  students: number;
  studentsWithRequests: number;
  studentsWithoutSchedule: number[];
  studentsIncomplete: number;
  requiredUnmet: Array<{ studentId: number; course: string }>;
  sectionFill: Array<{ sectionId: number; course: string; section: string | null; title: string | null; slots: string[]; enrolled: number; capacity: number }>;
}

export type AttendanceNotTaken = z.output<typeof attendance.attendanceNotTaken>;

/** What the audit trail screen shows of an event (not the address or the details). */
export type AuditEvent = Omit<z.output<typeof audit.auditEvent>, 'ip' | 'details'>;

export type Account = z.output<typeof accounts.userAccounts>['users'][number];

export interface AttendanceCode {
  code: string;
  description: string;
  absent: boolean;
}

export type StudentAttendance = z.output<typeof attendance.studentAttendance>;
export type AttendanceCorrection = z.output<typeof attendance.attendanceCorrection>;

export interface Ratio {
  numerator: number;
  denominator: number;
}

export type AverageDailyAttendance = z.output<typeof attendance.ada>;

export type ChronicAbsenceList = z.output<typeof attendance.chronicAbsence>;

export type { AttendanceImportResult, ImportProblem } from '@homeroom/core/api/attendance';
