import { claimRefusal } from '@homeroom/core/api/people';
/** Single sign-on with the district's identity provider (OpenID Connect), as the operator set it up. */
export interface SsoConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: this server's /api/auth/sso/callback, as registered with the provider. */
  redirectUri: URL;
  scopes: string[];
  /** The ID token claim that carries the district's employee number (staff.local_id), if the provider sends one. */
  employeeIdClaim: string | null;
  /** The ID token claim that carries the district's student number (student.local_id), if the provider sends one. */
  studentIdClaim: string | null;
}

export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

const REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
const OPTIONAL = ['OIDC_SCOPES', 'OIDC_EMPLOYEE_ID_CLAIM', 'OIDC_STUDENT_ID_CLAIM'] as const;
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,100}$/;

// Plain http is tolerated only for a provider on this machine (development, tests): anywhere else
// the ID token and the client secret would cross the network in the clear.
const isLoopback = (url: URL) => url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';

function parseUrl(name: string, value: string, fail: (message: string) => Error): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`${name} is not a URL: expected https://…, got '${value}'`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw fail(`${name} must start with https:// (plain http only for localhost), got '${value}'`);
  }
  return url;
}

/**
 * Reads the OIDC_* settings. All or none: a half-configured single sign-on would show staff a
 * button that cannot work on the first morning, so start-up refuses it with one line instead.
 */
export function ssoConfigFromEnv(env: NodeJS.ProcessEnv, fail: (message: string) => Error): SsoConfig | null {
  const value = (name: string) => env[name]?.trim() || '';
  const present = [...REQUIRED, ...OPTIONAL].filter((name) => value(name) !== '');
  if (present.length === 0) return null;
  const missing = REQUIRED.filter((name) => value(name) === '');
  if (missing.length > 0) {
    throw fail(`single sign-on is only partly configured: ${present.join(', ')} set but ${missing.join(', ')} missing; set all of ${REQUIRED.join(', ')} or none`);
  }
  const issuer = parseUrl('OIDC_ISSUER', value('OIDC_ISSUER'), fail);
  const redirectUri = parseUrl('OIDC_REDIRECT_URI', value('OIDC_REDIRECT_URI'), fail);
  if (redirectUri.pathname !== SSO_CALLBACK_PATH || redirectUri.search || redirectUri.hash) {
    throw fail(`OIDC_REDIRECT_URI must be this server's address followed by ${SSO_CALLBACK_PATH}, e.g. https://sis.district.org${SSO_CALLBACK_PATH}, got '${value('OIDC_REDIRECT_URI')}'`);
  }
  const scopes = value('OIDC_SCOPES') ? value('OIDC_SCOPES').split(/[\s,]+/).filter(Boolean) : DEFAULT_SCOPES;
  if (!scopes.includes('openid')) throw fail(`OIDC_SCOPES must include openid, got '${value('OIDC_SCOPES')}'`);
  const claim = (name: 'OIDC_EMPLOYEE_ID_CLAIM' | 'OIDC_STUDENT_ID_CLAIM') => {
    const text = value(name);
    if (text && !CLAIM_NAME.test(text)) throw fail(`${name} must be the name of an ID token claim (letters, digits, _ . : / -), got '${text}'`);
    if (text && claimRefusal(text)) throw fail(`${name} cannot be '${text}': ${claimRefusal(text)}`);
    return text || null;
  };
  return {
    issuer,
    clientId: value('OIDC_CLIENT_ID'),
    clientSecret: value('OIDC_CLIENT_SECRET'),
    redirectUri,
    scopes,
    employeeIdClaim: claim('OIDC_EMPLOYEE_ID_CLAIM'),
    studentIdClaim: claim('OIDC_STUDENT_ID_CLAIM'),
  };
}
