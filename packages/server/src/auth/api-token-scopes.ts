/**
 * What an integration's API token may be allowed to do. A route names the scopes it accepts
 * (`access.tokenScopes`); tests check that every scope a route names is declared here and that
 * every scope declared here admits at least one route, so an administrator can never issue a scope
 * that nothing honours, or miss one that a route needs. A token only ever reads: a scope is
 * named by GET routes only.
 */
export const API_TOKEN_SCOPES = {
  'oneroster.read': 'Read rosters through OneRoster 1.2 (learning platforms, library and lunch systems)',
  'students.read': 'Read student directory information and enrollment',
  'attendance.read': "Read students' and sections' attendance and schools' attendance figures",
  'transcripts.read': "Read students' transcripts",
} as const;

export type ApiTokenScope = keyof typeof API_TOKEN_SCOPES;
export const API_TOKEN_SCOPE_NAMES = Object.keys(API_TOKEN_SCOPES) as [ApiTokenScope, ...ApiTokenScope[]];

/**
 * The OneRoster 1.2 rostering scopes an OAuth 2.0 client may be granted (1EdTech's names): the whole
 * roster, the roster without demographics, or the demographics alone.
 */
export const ONEROSTER_SCOPES = {
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly': 'Read the whole roster, demographics included',
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly': 'Read the roster without demographics',
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly': 'Read demographics only',
} as const;
export type OneRosterScope = keyof typeof ONEROSTER_SCOPES;
export const ONEROSTER_SCOPE_NAMES = Object.keys(ONEROSTER_SCOPES) as [OneRosterScope, ...OneRosterScope[]];
export const ROSTER = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly';
export const ROSTER_CORE = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly';
export const ROSTER_DEMOGRAPHICS = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly';
