/** The shapes of the transcript, graduation, marks, scheduling and audit APIs, as the screens use them. */

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

export interface CourseRequests {
  schoolYear: string;
  items: CourseRequest[];
}

export interface CourseRequestProposals {
  schoolYear: string;
  saved: boolean;
  proposals: Array<{ course: string; alternates: string[]; required: boolean; priority: number; reason: string; source: string }>;
}

/** Why the course rules refuse a course: passed already (with the mark and term), or a prerequisite not met. */
export interface CourseRefusal {
  code: 'course-already-passed' | 'prerequisite-not-met';
  course: string;
  title: string;
  /** The sentence to show. */
  message: string;
}

export interface ScheduleChangeResult {
  ok: boolean;
  problems: string[];
  clashes: Array<{ section: string; with: string; slot: string }>;
  seats: Array<{ sectionId: number; section: string; taken: number; capacity: number; full: boolean }>;
  /** What the course rules refuse; a counselor may override them with a reason. */
  refusals: CourseRefusal[];
  overridable: boolean;
  saved: boolean;
}

export interface GraduationList {
  list: string;
  total: number;
  items: Array<{ studentId: number; localId: string; name: { first: string; last: string }; grade: number | null; onTrack: boolean; missing: MissingRequirement[] }>;
}

export interface MySections {
  date: string;
  items: Array<{ id: number; code: string; course: { code: string; title: string }; school: { id: number; name: string }; periods: string[]; students: number }>;
  gradingPeriods: Array<{ id: number; code: string; name: string; final: boolean; due: string | null; ends: string }>;
}

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

export interface AttendanceNotTaken {
  school: { id: number; name: string };
  date: string;
  meetings: number;
  taken: number;
  notTaken: number;
  sections: Array<{ sectionId: number; section: string; course: string; period: string | null; teachers: Array<{ staffId: number; name: string }> }>;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  user: { id: number; username: string } | null;
  role: string | null;
  viewingAsUserId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  studentId: number | null;
  /** The students of an event about many at once (a roster, a search page); null otherwise. */
  studentIds: number[] | null;
  schoolId: number | null;
  reason: string | null;
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  roles: Array<{ role: string; schoolId: number | null }>;
  disabled: boolean;
  lockedUntil: string | null;
}

export interface AttendanceCode {
  code: string;
  description: string;
  absent: boolean;
}

export interface StudentAttendance {
  schoolYear: string;
  through: string;
  daysEnrolled: number;
  daysAbsent: number;
  daysAttended: number;
  percentAbsent: number | null;
  chronicallyAbsent: boolean;
  codes: AttendanceCode[];
  days: Array<{ date: string; status: string; code: string | null; source: string; school: string }>;
  classMeetings: Array<{ date: string; sectionId: number; section: string; course: string; period: string; code: string; source: string; minutesAbsent: number | null }>;
}

export interface Ratio {
  numerator: number;
  denominator: number;
}

export interface AverageDailyAttendance {
  school: { id: number; name: string };
  period: string | null;
  from: string;
  to: string;
  through: string;
  daysTaught: number;
  daysEnrolled: number;
  daysOfAttendance: number;
  ada: Ratio & { value: number | null };
  attendanceRate: Ratio & { percent: number | null };
}

export interface ChronicAbsenceList {
  school: { id: number; name: string };
  schoolYear: string;
  through: string;
  daysTaught: number;
  minimumDaysEnrolled: number;
  studentsCounted: number;
  chronicallyAbsent: number;
  rate: Ratio & { percent: number | null };
  students: Array<{ id: number; localId: string | null; name: { first: string; last: string } | null; daysEnrolled: number; daysAbsent: number; percentAbsent: number | null }>;
}

export type { AttendanceImportResult, ImportProblem } from '@homeroom/core/api/attendance';
