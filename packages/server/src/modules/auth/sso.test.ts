import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { SESSION_COOKIE } from '../../auth/sessions.ts';
import { TestOidcProvider } from '../../testing/oidc-provider.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The cookies a browser would keep from a response's Set-Cookie headers. */
function cookiesFrom(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = pair!.split('=');
    jar[name!.trim()] = value.join('=');
  }
  return jar;
}

const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

describe.each(testDatabaseKinds())('single sign-on with the district identity provider on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let provider: TestOidcProvider;
  let base: string;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await new TestOidcProvider({ clientId: 'homeroom', clientSecret: 'a-test-client-secret', redirectUri: `${base}/api/auth/sso/callback` }).start();
    const config = loadConfig({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'homeroom',
      OIDC_CLIENT_SECRET: 'a-test-client-secret',
      OIDC_REDIRECT_URI: `${base}/api/auth/sso/callback`,
      OIDC_EMPLOYEE_ID_CLAIM: 'employee_id',
      OIDC_STUDENT_ID_CLAIM: 'student_number',
    });
    app = await buildApp({ db: handle.db, sso: config.sso });
    await app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await provider?.stop();
    await handle?.close();
  });

  /** Walks the redirects as a browser does: Homeroom → provider → Homeroom's callback. */
  async function signInThroughProvider(options: { tamper?: (callback: URL, jar: Record<string, string>) => void } = {}) {
    const start = await fetch(`${base}/api/auth/sso/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const jar = cookiesFrom(start);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get('location')!);
    expect(callback.origin).toBe(base);
    options.tamper?.(callback, jar);
    const landed = await fetch(callback, { redirect: 'manual', headers: { cookie: cookieHeader(jar), accept: 'application/json' } });
    return { landed, jar: { ...jar, ...cookiesFrom(landed) } };
  }

  async function whoIsSignedIn(jar: Record<string, string>) {
    const response = await fetch(`${base}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } });
    return response.status === 200 ? ((await response.json()) as { user: { username: string } }).user.username : null;
  }

  it('tells the sign-in page that single sign-on is on', async () => {
    const response = await fetch(`${base}/api/auth/sso`);
    expect(await response.json()).toEqual({ enabled: true, startUrl: '/api/auth/sso/start' });
  });

  it('signs in a teacher through the provider, by the employee number, and remembers the subject', async () => {
    provider.nextUser = { sub: 'idp-terry', claims: { employee_id: 'E100', email: 'terry@example.org' } };
    const { landed, jar } = await signInThroughProvider();
    expect(landed.status, await landed.clone().text()).toBe(303);
    expect(landed.headers.get('location')).toBe('/');
    expect(jar.homeroom_sso ?? '').toBe('');
    expect(await whoIsSignedIn(jar)).toBe('teacher');
    const user = await handle.db.selectFrom('app_user').select('oidc_subject').where('id', '=', world.users.teacher!).executeTakeFirstOrThrow();
    expect(user.oidc_subject).toBe('idp-terry');
    const audit = await handle.db.selectFrom('audit_event').select(['action', 'details']).where('user_id', '=', world.users.teacher!).where('action', '=', 'sign-in').execute();
    expect(audit).toEqual([{ action: 'sign-in', details: { method: 'sso', linkedBy: 'employee-id' } }]);
  });

  it('signs in by the stored subject, even when the provider no longer sends the employee number', async () => {
    provider.nextUser = { sub: 'idp-terry' };
    const { landed, jar } = await signInThroughProvider();
    expect(landed.status).toBe(303);
    expect(await whoIsSignedIn(jar)).toBe('teacher');
  });

  it('signs in a student by the student number', async () => {
    provider.nextUser = { sub: 'idp-avery', claims: { student_number: '1001' } };
    const { landed, jar } = await signInThroughProvider();
    expect(landed.status).toBe(303);
    expect(await whoIsSignedIn(jar)).toBe('student');
  });

  it('refuses a person who has no Homeroom account, and creates none', async () => {
    const usersBefore = await handle.db.selectFrom('app_user').select('id').execute();
    const sessionsBefore = await handle.db.selectFrom('user_session').select('id').execute();
    // E500's staff record exists, but E999 is nobody; neither is a subject Homeroom knows.
    provider.nextUser = { sub: 'idp-stranger', claims: { employee_id: 'E999' } };
    const { landed, jar } = await signInThroughProvider();
    expect(landed.status).toBe(403);
    const problem = (await landed.json()) as { code: string; title: string };
    expect(problem.code).toBe('sso-account-not-linked');
    expect(problem.title).toBe('Your district account is not linked to Homeroom yet: ask your school office');
    expect(await whoIsSignedIn(jar)).toBeNull();
    expect(await handle.db.selectFrom('app_user').select('id').execute()).toHaveLength(usersBefore.length);
    expect(await handle.db.selectFrom('user_session').select('id').execute()).toHaveLength(sessionsBefore.length);
  });

  it('shows a person in a browser a readable page, not JSON', async () => {
    provider.nextUser = { sub: 'idp-stranger-2' };
    const start = await fetch(`${base}/api/auth/sso/start`, { redirect: 'manual' });
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const landed = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie: cookieHeader(cookiesFrom(start)), accept: 'text/html' } });
    expect(landed.status).toBe(403);
    expect(landed.headers.get('content-type')).toMatch(/text\/html/);
    expect(await landed.text()).toContain('Your district account is not linked to Homeroom yet: ask your school office');
  });

  it('does not let a second district identity take over an account already linked', async () => {
    provider.nextUser = { sub: 'idp-impostor', claims: { employee_id: 'E100' } };
    const { landed } = await signInThroughProvider();
    expect(landed.status).toBe(403);
    expect(((await landed.json()) as { code: string }).code).toBe('sso-account-not-linked');
  });

  it('refuses a callback whose state was changed, before asking the provider for tokens', async () => {
    provider.nextUser = { sub: 'idp-terry' };
    const issued = provider.tokensIssued;
    const { landed, jar } = await signInThroughProvider({ tamper: (callback) => callback.searchParams.set('state', 'forged-state') });
    expect(landed.status).toBe(400);
    expect(((await landed.json()) as { code: string }).code).toBe('sso-sign-in-interrupted');
    expect(await whoIsSignedIn(jar)).toBeNull();
    expect(provider.tokensIssued).toBe(issued);
  });

  it('refuses a callback whose state cookie was changed or is missing', async () => {
    provider.nextUser = { sub: 'idp-terry' };
    const forged = await signInThroughProvider({
      tamper: (_callback, jar) => {
        const raw = Buffer.from(jar.homeroom_sso!, 'base64url');
        raw[raw.length - 1]! ^= 1;
        jar.homeroom_sso = raw.toString('base64url');
      },
    });
    expect(forged.landed.status).toBe(400);
    const missing = await signInThroughProvider({ tamper: (_callback, jar) => delete jar.homeroom_sso });
    expect(missing.landed.status).toBe(400);
    expect(await whoIsSignedIn(missing.jar)).toBeNull();
  });

  it('refuses an ID token that the provider did not sign', async () => {
    provider.nextUser = { sub: 'idp-terry' };
    provider.signWithUnpublishedKey = true;
    try {
      const { landed, jar } = await signInThroughProvider();
      expect(landed.status).toBe(400);
      expect(((await landed.json()) as { code: string }).code).toBe('sso-sign-in-interrupted');
      expect(await whoIsSignedIn(jar)).toBeNull();
    } finally {
      provider.signWithUnpublishedKey = false;
    }
  });

  it('refuses to sign in when the provider does not accept Homeroom\'s client secret', async () => {
    const wrong = await buildApp({
      db: handle.db,
      sso: loadConfig({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'homeroom', OIDC_CLIENT_SECRET: 'not-the-secret', OIDC_REDIRECT_URI: `${base}/api/auth/sso/callback` }).sso,
    });
    try {
      provider.nextUser = { sub: 'idp-terry' };
      const start = await wrong.inject({ method: 'GET', url: '/api/auth/sso/start' });
      const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
      const callback = new URL(approved.headers.get('location')!);
      const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const landed = await wrong.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
      expect(landed.statusCode).toBe(400);
      expect(landed.json().code).toBe('sso-sign-in-interrupted');
      expect(landed.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    } finally {
      await wrong.close();
    }
  });

  it("passes on the provider's refusal in words a person understands", async () => {
    const start = await fetch(`${base}/api/auth/sso/start`, { redirect: 'manual' });
    const landed = await fetch(`${base}/api/auth/sso/callback?error=access_denied&error_description=The+user+cancelled`, { headers: { cookie: cookieHeader(cookiesFrom(start)), accept: 'application/json' } });
    expect(landed.status).toBe(403);
    expect(((await landed.json()) as { code: string; detail: string }).detail).toContain('The user cancelled');
  });
});

describe('single sign-on when it is not set up', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    app = await buildApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('tells the sign-in page to hide the button, and the routes say it is not set up', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/auth/sso' })).json()).toEqual({ enabled: false, startUrl: null });
    const start = await app.inject({ method: 'GET', url: '/api/auth/sso/start' });
    expect(start.statusCode).toBe(404);
    expect(start.json().code).toBe('sso-not-configured');
  });

  it('answers 502 with a clear problem when the provider is down', async () => {
    const port = await freePort();
    const down = await buildApp({
      db: handle.db,
      sso: loadConfig({ OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y', OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/api/auth/sso/callback' }).sso,
    });
    const start = await down.inject({ method: 'GET', url: '/api/auth/sso/start' });
    await down.close();
    expect(start.statusCode).toBe(502);
    expect(start.json().code).toBe('sso-provider-unreachable');
  });
});

describe('single sign-on settings at start-up', () => {
  const complete = { OIDC_ISSUER: 'https://login.district.example', OIDC_CLIENT_ID: 'homeroom', OIDC_CLIENT_SECRET: 's3cret', OIDC_REDIRECT_URI: 'https://sis.district.example/api/auth/sso/callback' };

  it('is off without settings and on with all four', () => {
    expect(loadConfig({}).sso).toBeNull();
    expect(loadConfig(complete).sso).toMatchObject({ clientId: 'homeroom', scopes: ['openid', 'profile', 'email'], employeeIdClaim: null });
    expect(loadConfig({ ...complete, OIDC_SCOPES: 'openid email', OIDC_EMPLOYEE_ID_CLAIM: 'employeeNumber' }).sso).toMatchObject({ scopes: ['openid', 'email'], employeeIdClaim: 'employeeNumber' });
  });

  it.each([
    [{ OIDC_ISSUER: complete.OIDC_ISSUER }, /only partly configured.*OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI missing/],
    [{ ...complete, OIDC_CLIENT_SECRET: ' ' }, /OIDC_CLIENT_SECRET missing/],
    [{ OIDC_EMPLOYEE_ID_CLAIM: 'employeeNumber' }, /only partly configured/],
    [{ ...complete, OIDC_ISSUER: 'login.district.example' }, /OIDC_ISSUER is not a URL/],
    [{ ...complete, OIDC_ISSUER: 'http://login.district.example' }, /OIDC_ISSUER must start with https:\/\//],
    [{ ...complete, OIDC_REDIRECT_URI: 'https://sis.district.example/callback' }, /OIDC_REDIRECT_URI must be this server's address followed by \/api\/auth\/sso\/callback/],
    [{ ...complete, OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES must include openid/],
    [{ ...complete, OIDC_STUDENT_ID_CLAIM: 'student number' }, /OIDC_STUDENT_ID_CLAIM must be the name of an ID token claim/],
    // A claim a person can change at the provider would let them claim another's account.
    [{ ...complete, OIDC_EMPLOYEE_ID_CLAIM: 'email' }, /OIDC_EMPLOYEE_ID_CLAIM cannot be 'email': email is a claim a person can change/],
  ])('refuses %o with one line saying what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
