import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase } from '../db/testing.ts';
import { signInAs, type SignedIn } from '../testing/http.ts';
import { createSmallDistrict } from '../testing/small-district.ts';

/** Every error is a problem document with a stable code, whoever raises it: a route, Fastify, or Node's HTTP parser. */
describe('errors as problem documents', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let admin: SignedIn;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
    app.get('/api/test-only/fails', async () => {
      throw new Error('a bug with a secret in its message');
    });
    admin = await signInAs(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const expectProblem = (response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const document = JSON.parse(response.body);
    expect(document).toMatchObject({ status, code, type: `https://homeroom.dev/problems/${code}` });
    expect(typeof document.title).toBe('string');
    return document;
  };

  it.each(['/api/students/%FF%FE%C0%AF', '/students/%FF%FE', '/api/students/%E0%A4%A'])('answers an address that is not valid UTF-8 (%s) with bad-url', async (url) => {
    expectProblem(await app.inject({ method: 'GET', url, headers: admin.headers }), 400, 'bad-url');
  });

  const patch = (headers: Record<string, string>, payload: string) =>
    app.inject({ method: 'PATCH', url: `/api/students/${world.students.avery}`, headers: { ...admin.headers, 'if-match': '"1"', ...headers }, payload });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"preferredName": "x",', 400, 'malformed-json'],
    ['a prototype-polluting key', { 'content-type': 'application/json' }, '{"__proto__": {"isAdmin": true}}', 400, 'malformed-json'],
    ['an empty JSON body', { 'content-type': 'application/json' }, '', 400, 'empty-body'],
    ['a body of an unknown type', { 'content-type': 'application/xml' }, '<student/>', 415, 'unsupported-media-type'],
    ['a body over the limit', { 'content-type': 'application/json' }, JSON.stringify({ reason: 'y'.repeat(1_100_000) }), 413, 'body-too-large'],
    ['a Content-Length longer than the body', { 'content-type': 'application/json', 'content-length': '5' }, '{"reason": "because"}', 400, 'content-length-mismatch'],
  ] as const)('answers %s with its own code', async (_label, headers, payload, status, code) => {
    expectProblem(await patch(headers, payload), status, code);
  });

  it('answers an unknown API route, and a write to a page of the app, with no-such-route', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/nothing-here' }), 404, 'no-such-route');
    expectProblem(await app.inject({ method: 'POST', url: '/students/1', payload: {} }), 404, 'no-such-route');
    expectProblem(await app.inject({ method: 'PROPFIND', url: '/api/students' }), 404, 'no-such-route');
  });

  it('answers a bug with internal-error, without its message', async () => {
    const document = expectProblem(await app.inject({ method: 'GET', url: '/api/test-only/fails' }), 500, 'internal-error');
    expect(JSON.stringify(document)).not.toContain('secret');
  });

  it.each([
    ['POST', () => `/api/students/${world.students.avery}/course-requests/generate`],
    ['POST', () => `/api/schools/${world.schools.north}/scheduling-runs`],
    ['POST', () => `/api/admin/users/${world.users.teacher}/unlock`],
  ] as const)('refuses a JSON null, an array or a string as the body of %s %s', async (method, url) => {
    for (const payload of ['null', '[]', '"x"', '42']) {
      const response = await app.inject({ method, url: url(), headers: { ...admin.headers, 'content-type': 'application/json' }, payload });
      const document = expectProblem(response, 400, 'validation-failed');
      expect(document.errors, payload).toEqual([{ field: 'body', message: 'must be a JSON object ({} when no field is needed)' }]);
    }
  });
});

/** Errors Fastify never sees as requests: they need a real socket. */
describe('errors on the wire', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let port: number;
  let answeredWhileClosing: Promise<Response> | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    app = await buildApp({ db: handle.db });
    // The server still listens while its preClose hooks run: a request made then is one that arrives as it closes.
    app.addHook('preClose', async () => {
      answeredWhileClosing = fetch(`http://127.0.0.1:${port}/api/health`);
      await answeredWhileClosing;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

  const parse = (text: string) => {
    const [head, body] = text.split('\r\n\r\n');
    return { status: Number(head!.split(' ')[1]), contentType: /content-type: ([^\r\n]+)/i.exec(head!)?.[1], body: JSON.parse(body!) };
  };

  it('answers a malformed HTTP message with a problem document', async () => {
    const answer = parse(await raw('GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'));
    expect(answer).toMatchObject({ status: 400, contentType: expect.stringMatching(/^application\/problem\+json/), body: { status: 400, code: 'malformed-request' } });
  });

  it('answers headers over the limit with a problem document', async () => {
    const answer = parse(await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer).toMatchObject({ status: 431, contentType: expect.stringMatching(/^application\/problem\+json/), body: { status: 431, code: 'headers-too-large' } });
  });

  it('answers a request that arrives while the server closes with shutting-down', async () => {
    await app.close();
    const answered = await answeredWhileClosing;
    expect(answered?.status).toBe(503);
    expect(answered?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await answered?.json()).toMatchObject({ status: 503, code: 'shutting-down' });
  });
});
