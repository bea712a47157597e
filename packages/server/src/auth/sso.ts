import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { Problem } from '../http/problem.ts';
import type { SsoConfig } from './sso-config.ts';

export const SSO_STATE_COOKIE = 'homeroom_sso';
/** How long a person has at the district's sign-in page before they must start again. */
export const SSO_STATE_MINUTES = 10;

/** What the callback must see again: kept in the browser, encrypted and signed, never in server memory. */
interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

export interface SsoIdentity {
  subject: string;
  /**
   * The ID token's claims that are a string or a number, as text: which of them links an account
   * is the district's setting, read at sign-in (sign-in-with-sso.ts), not this client's.
   */
  claims: Record<string, string>;
}

const startAgain = (detail: string) => new Problem(400, 'sso-sign-in-interrupted', 'The sign-in with your district account did not finish', `${detail} Go back to the sign-in page and choose "Sign in with your district account" again.`);

const providerUnreachable = () =>
  new Problem(502, 'sso-provider-unreachable', "The district's sign-in service is not answering", 'Try again in a minute, or sign in with your Homeroom password. If it keeps happening, tell the help desk.');

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: unknown }).cause;
  return error.name === 'TypeError' || error.name === 'AbortError' || error.name === 'TimeoutError' || (cause instanceof Error && isNetworkFailure(cause));
}

/**
 * The OpenID Connect relying party. The provider's metadata is fetched once and reused: it is
 * configuration, the same for every server process, not state that another process could
 * contradict. The per-sign-in state (PKCE verifier, state, nonce) travels in an encrypted cookie,
 * so any server behind the load balancer can finish a sign-in another one started.
 */
export class SsoClient {
  private discovered: Promise<oidc.Configuration> | null = null;
  private readonly cookieKey: Buffer;

  constructor(readonly config: SsoConfig) {
    // Derived from the client secret so that every server process shares it without a new setting.
    this.cookieKey = Buffer.from(hkdfSync('sha256', config.clientSecret, 'homeroom', 'sso-state-cookie', 32));
  }

  private provider(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(this.config.issuer, this.config.clientId, { redirect_uris: [this.config.redirectUri.href], response_types: ['code'] }, oidc.ClientSecretBasic(this.config.clientSecret), {
        timeout: 10,
        // Check the ID token's signature against the provider's published keys too, not only TLS:
        // district networks often inspect TLS through a proxy, which must not be able to say who signed in.
        execute: [oidc.enableNonRepudiationChecks, ...(this.config.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])],
      })
      .catch((error: unknown) => {
        // Try again on the next sign-in: the provider may only have been down for a moment.
        this.discovered = null;
        throw error;
      });
    return this.discovered;
  }

  /** The provider's authorization address for a new sign-in, and the cookie that remembers it. */
  async start(): Promise<{ authorizationUrl: URL; stateCookie: string }> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.provider();
    } catch {
      throw providerUnreachable();
    }
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), expiresAt: Date.now() + SSO_STATE_MINUTES * 60_000 };
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri.href,
      scope: this.config.scopes.join(' '),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { authorizationUrl, stateCookie: this.seal(pending) };
  }

  /**
   * Exchanges the code from the provider's redirect and validates the ID token (signature,
   * issuer, audience, expiry, nonce) and the state; returns who the provider says this is.
   */
  async finish(query: string, stateCookie: string | undefined, logFailure: (error: Error) => void = () => undefined): Promise<SsoIdentity> {
    const pending = stateCookie ? this.open(stateCookie) : null;
    if (!pending) throw startAgain('This browser has no sign-in in progress, or it was changed.');
    if (pending.expiresAt < Date.now()) throw startAgain(`The sign-in took longer than ${SSO_STATE_MINUTES} minutes.`);
    const params = new URLSearchParams(query);
    if (params.has('error')) {
      throw new Problem(403, 'sso-refused-by-provider', 'Your district account did not sign you in', `The district's sign-in service answered: ${params.get('error_description') ?? params.get('error')}. Try again, or ask the help desk.`);
    }
    const currentUrl = new URL(this.config.redirectUri.href);
    currentUrl.search = params.toString();
    let configuration: oidc.Configuration;
    try {
      configuration = await this.provider();
    } catch {
      throw providerUnreachable();
    }
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (error) {
      // The person sees "start again"; the operator needs the reason (a wrong client secret, a clock off, a changed state).
      if (error instanceof Error) logFailure(error);
      if (isNetworkFailure(error)) throw providerUnreachable();
      throw startAgain('We could not confirm the answer from the district\'s sign-in service.');
    }
    if (!claims?.sub) throw startAgain('The district\'s sign-in service did not say who you are.');
    const texts: Record<string, string> = {};
    for (const [name, value] of Object.entries(claims)) {
      if (typeof value === 'string' && value.trim()) texts[name] = value.trim();
      else if (typeof value === 'number') texts[name] = String(value);
    }
    return { subject: claims.sub, claims: texts };
  }

  private seal(pending: PendingSignIn): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.cookieKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  private open(cookie: string): PendingSignIn | null {
    try {
      const raw = Buffer.from(cookie, 'base64url');
      if (raw.length < 29) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.cookieKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const value = JSON.parse(json) as Partial<PendingSignIn>;
      if (typeof value.state !== 'string' || typeof value.nonce !== 'string' || typeof value.codeVerifier !== 'string' || typeof value.expiresAt !== 'number') return null;
      return value as PendingSignIn;
    } catch {
      return null;
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The district's single sign-on, or null when it signs in with passwords only. */
    sso: SsoClient | null;
  }
}
