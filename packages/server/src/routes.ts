import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { districtRoutes } from './modules/district/district.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { studentRoutes } from './modules/students/students.routes.ts';
import type { RouteDefinition } from './http/route.ts';

/** Every API route, with who may call it: the OpenAPI document and the authorization tests read this table. */
export const routeTable: RouteDefinition[] = [...healthRoutes, ...authRoutes, ...districtRoutes, ...studentRoutes, ...attendanceRoutes];
