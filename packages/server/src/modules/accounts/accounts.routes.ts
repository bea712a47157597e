import { z } from 'zod';
import { API_TOKEN_SCOPES } from '../../auth/api-token-scopes.ts';
import { route } from '../../http/route.ts';
import { apiTokens, createdStaffAccount, issuedApiToken, passwordReset, unlockedAccount, userAccounts } from '@homeroom/core/api/accounts';
import { createStaffAccount, createStaffAccountInput } from './create-staff-account.ts';
import { issueApiTokenForIntegration, issueApiTokenInput, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { findAccounts, findAccountsInput, resetPassword, resetPasswordInput, unlockAccount, unlockAccountInput } from './user-accounts.ts';

const recordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const tokenParams = z.strictObject({ tokenId: recordId });
const userParams = z.strictObject({ userId: recordId });

export const accountRoutes = [
  route({
    method: 'GET',
    url: '/api/admin/api-tokens',
    operationId: 'listApiTokens',
    summary: "The district's API tokens for integrations: names, scopes, last use; never the secrets",
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { description: 'Every API token of the district, newest first, revoked ones included', schema: apiTokens },
    handler: ({ db, actor }) => listApiTokens(db, actor),
  }),
  route({
    method: 'POST',
    url: '/api/admin/api-tokens',
    operationId: 'issueApiToken',
    summary: `Issue an API token for an integration; the secret is shown once. Scopes: ${Object.keys(API_TOKEN_SCOPES).join(', ')}`,
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: issueApiTokenInput,
    example: { body: { name: 'Library system nightly roster', scopes: ['oneroster.read'] } },
    response: { status: 201, description: 'The new token with its secret: copy it now, it is not shown again', schema: issuedApiToken },
    handler: ({ db, actor, origin, body }) => issueApiTokenForIntegration(db, actor, origin, body),
  }),
  route({
    method: 'DELETE',
    url: '/api/admin/api-tokens/:tokenId',
    operationId: 'revokeApiToken',
    summary: 'Revoke an API token: the integration is refused from its next request on',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: tokenParams,
    response: { status: 204, description: 'Revoked' },
    async handler({ db, actor, origin, params, reply }) {
      await revokeApiToken(db, actor, origin, params.tokenId);
      return reply.code(204).send();
    },
  }),
  route({
    method: 'GET',
    url: '/api/admin/users',
    operationId: 'listUsers',
    summary: 'Find an account by username or name, with whether it is locked (district administrators and the help desk)',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin', 'help-desk'] },
    query: findAccountsInput,
    response: { description: 'Matching accounts', schema: userAccounts },
    handler: ({ db, actor, origin, query }) => findAccounts(db, actor, origin, query),
  }),
  route({
    method: 'POST',
    url: '/api/admin/users/:userId/unlock',
    operationId: 'unlockUser',
    summary: 'Unlock an account locked by wrong passwords (district administrators and the help desk)',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin', 'help-desk'] },
    params: userParams,
    body: unlockAccountInput,
    example: { body: { reason: 'ticket 5120: locked out before first period' } },
    response: { description: 'Unlocked; wasLocked says whether it was', schema: unlockedAccount },
    handler: ({ db, actor, origin, params, body }) => unlockAccount(db, actor, origin, params.userId, body),
  }),
  route({
    method: 'POST',
    url: '/api/admin/users/:userId/password',
    operationId: 'resetUserPassword',
    summary: "Set a new password for a person (at least 12 characters, not containing the username); signs them out everywhere",
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: userParams,
    body: resetPasswordInput,
    example: { body: { newPassword: 'maple river lantern 42', reason: 'ticket 5121: forgot password' } },
    response: { description: 'The password was changed and the sessions ended', schema: passwordReset },
    handler: ({ db, actor, origin, params, body }) => resetPassword(db, actor, origin, params.userId, body),
  }),
  route({
    method: 'POST',
    url: '/api/admin/staff-accounts',
    operationId: 'createStaffAccount',
    summary: 'Give a new staff member (a teacher, a counselor, office staff) a place on the staff, an account and a role at a school',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: createStaffAccountInput,
    example: { body: { firstName: 'Noor', lastName: 'Example', employeeId: 'E9001', username: 'nexample', role: 'teacher', schoolId: 1, startDate: '2026-08-10' } },
    response: { status: 201, description: 'The account and the role it was given', schema: createdStaffAccount },
    async handler({ db, actor, origin, body, reply }) {
      const created = await createStaffAccount(db, actor, origin, body);
      reply.code(201);
      return created;
    },
  }),
];
