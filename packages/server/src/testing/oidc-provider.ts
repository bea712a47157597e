import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The person the test provider signs in next, and the claims it puts in their ID token. */
export interface ProviderUser {
  sub: string;
  claims?: Record<string, unknown>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | null;
  user: ProviderUser;
}

/**
 * A small but real OpenID Connect provider for tests, listening on 127.0.0.1: discovery, JWKS, an
 * authorization endpoint that approves `nextUser` at once, and a token endpoint that checks the
 * client secret and the PKCE verifier and issues an RS256-signed ID token. Homeroom talks to it
 * over HTTP with openid-client exactly as it would to the district's provider.
 */
export class TestOidcProvider {
  nextUser: ProviderUser = { sub: 'nobody' };
  /** Sign the next ID tokens with a key the provider does not publish: an impostor's token. */
  signWithUnpublishedKey = false;
  /** How many ID tokens were issued: proves a refused callback never reached the token endpoint. */
  tokensIssued = 0;
  private readonly codes = new Map<string, IssuedCode>();
  private server: Server | null = null;
  private privateKey!: CryptoKey;
  private publicJwk!: JWK;
  issuer = '';

  constructor(readonly client: { clientId: string; clientSecret: string; redirectUri: string }) {}

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, headers, body }) => {
          response.writeHead(status, headers);
          response.end(body);
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(request.url ?? '/', this.issuer);
    const json = (status: number, value: unknown) => ({ status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value) });
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [this.publicJwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== this.client.clientId || p.get('redirect_uri') !== this.client.redirectUri) return json(400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
      if (p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return json(400, { error: 'invalid_request', error_description: 'PKCE S256 and response_type=code required' });
      if (!(p.get('scope') ?? '').split(' ').includes('openid')) return json(400, { error: 'invalid_scope' });
      const code = randomBytes(16).toString('base64url');
      this.codes.set(code, { clientId: this.client.clientId, redirectUri: p.get('redirect_uri')!, codeChallenge: p.get('code_challenge')!, nonce: p.get('nonce'), user: this.nextUser });
      const back = new URL(this.client.redirectUri);
      back.searchParams.set('code', code);
      if (p.get('state')) back.searchParams.set('state', p.get('state')!);
      back.searchParams.set('iss', this.issuer);
      return { status: 302, headers: { location: back.href }, body: '' };
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const basic = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      const [id, secret] = basic.split(':').map((part) => decodeURIComponent(part));
      if (id !== this.client.clientId || secret !== this.client.clientSecret) return json(401, { error: 'invalid_client' });
      const issued = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!issued || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== issued.redirectUri) return json(400, { error: 'invalid_grant' });
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (challenge !== issued.codeChallenge) return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      const idToken = await new SignJWT({ ...(issued.user.claims ?? {}), ...(issued.nonce ? { nonce: issued.nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(this.issuer)
        .setAudience(issued.clientId)
        .setSubject(issued.user.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(this.signWithUnpublishedKey ? (await generateKeyPair('RS256')).privateKey : this.privateKey);
      this.tokensIssued++;
      return json(200, { access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    return json(404, { error: 'not_found' });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
