import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { ssoRoutes } from './modules/auth/sso.routes.ts';
import { auditTrailRoutes } from './modules/audit-trail/audit-trail.routes.ts';
import { accountRoutes } from './modules/accounts/accounts.routes.ts';
import { districtRoutes } from './modules/district/district.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { studentRoutes } from './modules/students/students.routes.ts';
import type { RouteDefinition } from './http/route.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { oauthRoutes } from './modules/oauth/oauth.routes.ts';
import { oneRosterExportRoutes } from './modules/oneroster/oneroster-export.routes.ts';
import { oneRosterRoutes } from './modules/oneroster/oneroster.routes.ts';
import { districtImportRoutes } from './modules/district-import/district-import.routes.ts';
import { graduationRoutes } from './modules/graduation/graduation.routes.ts';
import { markRoutes } from './modules/marks/marks.routes.ts';
import { sectionRoutes } from './modules/sections/sections.routes.ts';
import { masterScheduleRoutes } from './modules/scheduling/master-schedule.routes.ts';
import { schedulingRoutes } from './modules/scheduling/scheduling.routes.ts';
import { transcriptRoutes } from './modules/transcripts/transcripts.routes.ts';
import { reportCardRoutes } from './modules/report-cards/report-cards.routes.ts';
import { helpDeskRoutes } from './modules/help-desk/help-desk.routes.ts';
import { alertRoutes } from './modules/alerts/alerts.routes.ts';
import { readinessRoutes } from './modules/readiness/readiness.routes.ts';
import { enrollmentRoutes } from './modules/enrollment/enrollment.routes.ts';
import { schoolSetupRoutes } from './modules/school-setup/school-setup.routes.ts';

/** Every API route, with who may call it: the OpenAPI document and the authorization tests read this table. */
export const routeTable: RouteDefinition[] = [...healthRoutes, ...authRoutes, ...ssoRoutes, ...districtRoutes, ...studentRoutes, ...attendanceRoutes, ...transcriptRoutes, ...reportCardRoutes, ...graduationRoutes, ...markRoutes, ...sectionRoutes, ...schedulingRoutes, ...masterScheduleRoutes, ...jobRoutes, ...districtImportRoutes, ...oneRosterExportRoutes, ...auditTrailRoutes, ...accountRoutes, ...oauthRoutes, ...oneRosterRoutes, ...helpDeskRoutes, ...alertRoutes, ...readinessRoutes, ...enrollmentRoutes, ...schoolSetupRoutes];
