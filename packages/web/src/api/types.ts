/** The shapes the Homeroom API returns, as the screens use them. */

export type Role = 'district-admin' | 'school-admin' | 'counselor' | 'teacher' | 'attendance-clerk' | 'help-desk' | 'student' | 'guardian';

export interface RoleGrant {
  role: Role;
  schoolId: number | null;
}

export interface SessionUser {
  userId: number;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  staffId: number | null;
  studentId: number | null;
  guardianId: number | null;
  /** Set while a help-desk agent views as this user (read-only). */
  viewedBy: { userId: number; username: string } | null;
  /** The district's time zone: every "today" on a screen is the district's day, not the browser's. */
  timeZone: string;
  /** The district's day when the session was read. */
  today: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string | null;
}

export interface PersonName {
  first: string;
  last: string;
  preferred?: string | null;
  middle?: string | null;
}

export interface StudentListItem {
  id: number;
  localId: string;
  name: PersonName;
  grade: number | null;
  school: { id: number; name: string } | null;
  directoryOptOut: boolean;
}

export interface StudentPage {
  items: StudentListItem[];
  limit: number;
  offset: number;
  hasMore: boolean;
}

export interface StudentProfile {
  id: number;
  localId: string;
  stateId: string | null;
  name: PersonName;
  birthDate: string | null;
  gender: string | null;
  homeLanguage: string | null;
  cohort: number | null;
  residency: string | null;
  directoryOptOut: boolean;
  programs: {
    englishLearner: string | boolean | null;
    gifted: boolean | null;
    specialEducation?: boolean | null;
    section504?: boolean | null;
    foster?: boolean | null;
    homeless?: boolean | null;
    lowIncome?: boolean | null;
  };
  enrollments: Array<{
    school: { id: number; name: string };
    schoolYear: string;
    grade: number | null;
    entered: { date: string; code: string | null };
    exited: { date: string; code: string | null } | null;
  }>;
  schedule: {
    date: string | null;
    sections: Array<{
      sectionId: number;
      section: string;
      course: { code: string; title: string };
      slots: string[];
      teachers: string | null;
      room: string | null;
      since: string;
    }>;
  };
  guardians: Array<{
    id: number;
    name: { first: string; last: string };
    relationship: string | null;
    email: string | null;
    phone: string | null;
    preferredLanguage: string | null;
    livesWith: boolean | null;
    custody: boolean | null;
    educationalRights: boolean | null;
    accessRestricted: boolean | null;
    emergencyContact: boolean | null;
  }>;
  version: number;
}

export interface District {
  code: string;
  name: string;
  state: string | null;
  timeZone: string | null;
  schoolYear: string | null;
  figures: { schools: number; students_enrolled: number; sections: number; courses: number; staff: number };
}

export interface School {
  id: number;
  code: string;
  name: string;
  kind: string;
  grades: { low: number | null; high: number | null };
  enrolled: number;
}

export interface SchoolPage {
  items: School[];
  limit: number;
  offset: number;
  total: number | null;
}
