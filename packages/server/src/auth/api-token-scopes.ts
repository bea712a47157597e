/**
 * What an integration's API token may be allowed to do. A route names the scopes it accepts
 * (`access.tokenScopes`); a test checks that every scope a route names is declared here, so an
 * administrator can never issue a scope that nothing honours, or miss one that a route needs.
 */
export const API_TOKEN_SCOPES = {
  'oneroster.read': 'Read rosters through OneRoster (learning platforms, library and lunch systems)',
  'students.read': 'Read student directory information and enrollment',
} as const;

export type ApiTokenScope = keyof typeof API_TOKEN_SCOPES;
export const API_TOKEN_SCOPE_NAMES = Object.keys(API_TOKEN_SCOPES) as [ApiTokenScope, ...ApiTokenScope[]];
