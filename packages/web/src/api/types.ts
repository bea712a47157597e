/**
 * The shapes the Homeroom API returns, as the screens use them: the output types of the server's
 * response schemas (@homeroom/core/api), imported as types only, so a field the server renames
 * fails this app's type-check and no schema reaches the browser's bundle.
 */

export type { Role, RoleGrant, SessionUser, Session } from '@homeroom/core/api/session';
export type { PersonName, StudentListItem, StudentPage, StudentProfile } from '@homeroom/core/api/students';
export type { District, School, SchoolPage } from '@homeroom/core/api/district';
export type { Ticket, TicketSummary, TicketList, TicketEvent, FailedRequest, FailedRequestList, HelpDeskFigures, ReportContext } from '@homeroom/core/api/help-desk';
export type { AlertItem, AlertList } from '@homeroom/core/api/alerts';
export type { HomeFigures } from '@homeroom/core/api/home';
export type { ReadinessReportResponse as ReadinessReport, ReadinessHistory } from '@homeroom/core/api/readiness';
export type { RegisteredStudent, EnrollmentChange, DuplicateCandidate, ExitCodes, EnrollmentCounts } from '@homeroom/core/api/enrollment';
export type { CreatedStaffAccount } from '@homeroom/core/api/accounts';
export type { CalendarDay, CalendarMonth, SchoolYear, SchoolYears } from '@homeroom/core/api/school-setup';
export type { StudentFamily, StudentGuardian, StudentContact, GuardianMatch, GuardianMatches } from '@homeroom/core/api/family';
export type { BellSchedule, BellSchedules, Course, CourseList, Period, Room, RoomList, SchoolSections, SetupSection } from '@homeroom/core/api/catalog';
export type { AccountDisabled, AccountSummary, RoleGrantRow, SsoSetting, StaffAssignment, StaffList, StaffListEntry, StaffMember, StudentAccounts } from '@homeroom/core/api/people';
export type { ReportCard, ReportCardBatchResult, StartReportCardBatchInput } from '@homeroom/core/api/report-cards';
