import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountDisabled, accountSummary, ssoSetting, staffList, staffMember, studentAccounts } from '@homeroom/core/api/people';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { addStaffAssignment } from './add-staff-assignment.ts';
import { changeStaffAssignment } from './change-staff-assignment.ts';
import { changeStaffMember, changeStaffMemberInput } from './change-staff-member.ts';
import { createGuardianAccount, createGuardianAccountInput } from './create-guardian-account.ts';
import { createStaffMember, createStaffMemberInput } from './create-staff-member.ts';
import { createStaffMemberAccount, createStaffMemberAccountInput } from './create-staff-member-account.ts';
import { createStudentAccount, createStudentAccountInput } from './create-student-account.ts';
import { accountSwitchInput, disableAccount } from './disable-account.ts';
import { enableAccount } from './enable-account.ts';
import { endRoleGrant, endRoleGrantInput } from './end-role-grant.ts';
import { grantRole, grantRoleInput } from './grant-role.ts';
import { listStaff, listStaffInput } from './list-staff.ts';
import { PEOPLE_KEEPERS, PEOPLE_READERS } from './people-access.ts';
import { assignmentInput } from './staff-input.ts';
import { changeSsoSetting, ssoSettingInput, viewSsoSetting, type SsoDeployment } from './sso-setting.ts';
import { viewStaffMember } from './view-staff-member.ts';
import { viewStudentAccounts } from './view-student-accounts.ts';

const recordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const staffParams = z.strictObject({ staffId: recordId });
const accountParams = z.strictObject({ accountId: recordId });
const exampleAssignment = { schoolId: 1, role: 'teacher', title: 'Grade 3 teacher', fte: '1', startDate: '2026-08-10', endDate: null };

const deployment = (request: FastifyRequest): SsoDeployment => ({
  enabled: request.server.sso !== null,
  fromEnvironment: { employeeIdClaim: request.server.sso?.config.employeeIdClaim ?? null, studentIdClaim: request.server.sso?.config.studentIdClaim ?? null },
});

/** People and accounts (#17): staff and their assignments, accounts of staff, students and guardians, role grants with dates, single sign-on linking. */
export const peopleRoutes = [
  route({
    method: 'GET',
    url: '/api/people/staff',
    operationId: 'listStaff',
    summary: "A school's staff (or the district's) with their current assignments, their account and the roles it holds today",
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_READERS },
    query: listStaffInput,
    response: { description: 'Staff by name; truncated when more matched than one answer holds', schema: staffList },
    handler: ({ db, actor, origin, query }) => listStaff(db, actor, origin, query),
  }),
  route({
    method: 'POST',
    url: '/api/people/staff',
    operationId: 'createStaffMember',
    summary: 'Put a new staff member on the staff list with their first assignment (school, post, title, FTE, dates)',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    body: createStaffMemberInput,
    example: { body: { firstName: 'Noor', lastName: 'Example', email: null, employeeId: 'E9001', assignment: exampleAssignment } },
    response: { status: 201, description: 'The staff member as their page shows them', schema: staffMember },
    async handler({ db, actor, origin, body, reply }) {
      const staff = await createStaffMember(db, actor, origin, body);
      return reply.code(201).header('etag', etagOf(staff.version)).send(staff);
    },
  }),
  route({
    method: 'GET',
    url: '/api/people/staff/:staffId',
    operationId: 'viewStaffMember',
    summary: "A staff member's page: every assignment, their account and its role grants with their dates",
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_READERS },
    params: staffParams,
    response: { description: 'The staff member', schema: staffMember },
    async handler({ db, actor, origin, params, reply }) {
      const staff = await viewStaffMember(db, actor, origin, params.staffId);
      return reply.header('etag', etagOf(staff.version)).send(staff);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/people/staff/:staffId',
    operationId: 'changeStaffMember',
    summary: "Change a staff member's name, e-mail or whether they are on the active staff (If-Match)",
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: staffParams,
    body: changeStaffMemberInput,
    example: { body: { firstName: 'Noor', lastName: 'Example', email: 'noor@example.org', active: true }, headers: { 'if-match': '"1"' } },
    response: { description: 'The staff member as saved', schema: staffMember },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const staff = await changeStaffMember(db, actor, origin, params.staffId, body, requiredIfMatch(request));
      return reply.header('etag', etagOf(staff.version)).send(staff);
    },
  }),
  route({
    method: 'POST',
    url: '/api/people/staff/:staffId/assignments',
    operationId: 'addStaffAssignment',
    summary: 'Give a staff member another assignment at a school you keep',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: staffParams,
    body: assignmentInput,
    example: { body: exampleAssignment },
    response: { status: 201, description: 'The staff member with the new assignment', schema: staffMember },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await addStaffAssignment(db, actor, origin, params.staffId, body));
    },
  }),
  route({
    method: 'PUT',
    url: '/api/people/staff/:staffId/assignments/:assignmentId',
    operationId: 'changeStaffAssignment',
    summary: "Change an assignment's school, post, title, FTE or dates; end it by giving an end date (If-Match: the assignment's version)",
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: z.strictObject({ staffId: recordId, assignmentId: recordId }),
    body: assignmentInput,
    example: { body: { ...exampleAssignment, endDate: '2027-06-12' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The staff member with the assignment as saved', schema: staffMember },
    handler: ({ db, actor, origin, params, body, request }) => changeStaffAssignment(db, actor, origin, params.staffId, params.assignmentId, body, requiredIfMatch(request)),
  }),
  route({
    method: 'POST',
    url: '/api/people/staff/:staffId/account',
    operationId: 'createStaffMemberAccount',
    summary: 'Give a staff member an account (a username, and a first password unless they sign in with the district account); roles are granted separately',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: staffParams,
    body: createStaffMemberAccountInput,
    example: { body: { username: 'nexample' } },
    response: { status: 201, description: 'The staff member with their account', schema: staffMember },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await createStaffMemberAccount(db, actor, origin, params.staffId, body));
    },
  }),
  route({
    method: 'GET',
    url: '/api/people/students/:studentId/accounts',
    operationId: 'viewStudentAccounts',
    summary: "A student's account and their guardians' accounts, for the student record",
    tag: 'people',
    // Not the help desk: it sees no student directly, only as a user it views as.
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: z.strictObject({ studentId: recordId }),
    response: { description: 'The family’s accounts', schema: studentAccounts },
    handler: ({ db, actor, origin, params }) => viewStudentAccounts(db, actor, origin, params.studentId),
  }),
  route({
    method: 'POST',
    url: '/api/people/students/:studentId/account',
    operationId: 'createStudentAccount',
    summary: 'Give a student an account linked to their record, with the student role at their school from today',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: z.strictObject({ studentId: recordId }),
    body: createStudentAccountInput,
    example: { body: { username: 'avery.s', password: 'maple river lantern 42' } },
    response: { status: 201, description: 'The account with its grant', schema: accountSummary },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await createStudentAccount(db, actor, origin, params.studentId, body));
    },
  }),
  route({
    method: 'POST',
    url: '/api/people/guardians/:guardianId/account',
    operationId: 'createGuardianAccount',
    summary: "Give a guardian already on a student's record an account, with the guardian role from today",
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: z.strictObject({ guardianId: recordId }),
    body: createGuardianAccountInput,
    example: { body: { username: 'pat.parent', password: 'maple river lantern 42' } },
    response: { status: 201, description: 'The account with its grant', schema: accountSummary },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await createGuardianAccount(db, actor, origin, params.guardianId, body));
    },
  }),
  route({
    method: 'POST',
    url: '/api/people/accounts/:accountId/grants',
    operationId: 'grantRole',
    summary: 'Grant a staff account a role at a school (or district-wide) from a day, until a day or open',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: accountParams,
    body: grantRoleInput,
    example: { body: { role: 'teacher', schoolId: 1, startsOn: '2026-08-10', endsOn: null } },
    response: { status: 201, description: 'The account with its grants', schema: accountSummary },
    async handler({ db, actor, origin, params, body, reply }) {
      return reply.code(201).send(await grantRole(db, actor, origin, params.accountId, body));
    },
  }),
  route({
    method: 'POST',
    url: '/api/people/accounts/:accountId/grants/:grantId/end',
    operationId: 'endRoleGrant',
    summary: 'End a role grant today (or on a later day); the grant stays in the history',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: z.strictObject({ accountId: recordId, grantId: recordId }),
    body: endRoleGrantInput,
    example: { body: { reason: 'moved to another school' } },
    response: { description: 'The account with its grants', schema: accountSummary },
    handler: ({ db, actor, origin, params, body }) => endRoleGrant(db, actor, origin, params.accountId, params.grantId, body),
  }),
  route({
    method: 'POST',
    url: '/api/people/accounts/:accountId/disable',
    operationId: 'disableAccount',
    summary: 'Turn an account off: its sessions end and the API tokens it issued are revoked, at once',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: accountParams,
    body: accountSwitchInput,
    example: { body: { reason: 'left the district' } },
    response: { description: 'Disabled, with the sessions ended and tokens revoked', schema: accountDisabled },
    handler: ({ db, actor, origin, params, body }) => disableAccount(db, actor, origin, params.accountId, body),
  }),
  route({
    method: 'POST',
    url: '/api/people/accounts/:accountId/enable',
    operationId: 'enableAccount',
    summary: 'Turn an account back on; revoked API tokens stay revoked',
    tag: 'people',
    access: { kind: 'signed-in', roles: PEOPLE_KEEPERS },
    params: accountParams,
    body: accountSwitchInput,
    example: { body: { reason: 'back from leave' } },
    response: { description: 'Enabled', schema: accountDisabled },
    handler: ({ db, actor, origin, params, body }) => enableAccount(db, actor, origin, params.accountId, body),
  }),
  route({
    method: 'GET',
    url: '/api/district/sso-setting',
    operationId: 'viewSsoSetting',
    summary: "Which ID-token claims link district accounts to Homeroom accounts on first sign-in (the district's, else OIDC_EMPLOYEE_ID_CLAIM / OIDC_STUDENT_ID_CLAIM)",
    tag: 'people',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { description: 'The setting and its version', schema: ssoSetting },
    async handler({ db, actor, request, reply }) {
      const setting = await viewSsoSetting(db, actor, deployment(request));
      return reply.header('etag', etagOf(setting.version)).send(setting);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/district/sso-setting',
    operationId: 'changeSsoSetting',
    summary: 'Choose the ID-token claims that link staff and students on first sign-in (If-Match; "0" before the first save); never a claim a person can edit',
    tag: 'people',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: ssoSettingInput,
    example: { body: { employeeIdClaim: 'employee_id', studentIdClaim: 'student_number' }, headers: { 'if-match': '"0"' } },
    response: { description: 'The setting as saved', schema: ssoSetting },
    async handler({ db, actor, origin, body, request, reply }) {
      const setting = await changeSsoSetting(db, actor, origin, deployment(request), body, requiredIfMatch(request));
      return reply.header('etag', etagOf(setting.version)).send(setting);
    },
  }),
];
