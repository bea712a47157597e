import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type SignedIn } from '../testing/http.ts';
import { withTestApp } from '../testing/test-app.ts';

/** Malformed, oversized and hostile requests: each gets a 4xx problem document and changes nothing. */
describe('naughty requests', () => {
  const t = withTestApp('embedded');
  let admin: SignedIn;
  beforeAll(async () => {
    admin = await signInAs(t.app, 'admin');
  });
  const hostile = [
    "'; drop table student; --",
    '<script>alert(1)</script>',
    '\u0000\u0001\u0002',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ 🧑‍🎓',
    '\u202Eevil',
    '%00%27',
    '../../etc/passwd',
    'a'.repeat(5000),
  ];

  async function unchanged() {
    const student = await t.db.selectFrom('student').select(['id', 'version', 'preferred_name']).where('id', '=', t.world.students.avery).executeTakeFirstOrThrow();
    return student;
  }

  it.each(hostile)('search with %j is a 200 or a 400, never a 500', async (text) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/students?search=${encodeURIComponent(text)}`, headers: admin.headers });
    expect([200, 400]).toContain(response.statusCode);
    if (response.statusCode === 400) expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it.each([
    ['malformed JSON', '{"preferredName": "x",', 'application/json'],
    ['an array instead of an object', '[1,2,3]', 'application/json'],
    ['wrong types', '{"preferredName": 42, "directoryOptOut": "yes", "reason": []}', 'application/json'],
    ['an unknown field', '{"preferredName": "x", "reason": "because", "isAdmin": true}', 'application/json'],
    ['no fields to change', '{"reason": "because"}', 'application/json'],
    ['text instead of JSON', 'preferredName=x', 'text/plain'],
    ['a huge body', JSON.stringify({ preferredName: 'x', reason: 'y'.repeat(2_000_000) }), 'application/json'],
  ])('a PATCH with %s gets a 4xx problem document and changes nothing', async (_label, payload, contentType) => {
    const before = await unchanged();
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/students/${t.world.students.avery}`,
      headers: { ...admin.headers, 'content-type': contentType, 'if-match': `"${before.version}"` },
      payload,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toHaveProperty('code');
    expect(response.body).not.toMatch(/\bat .+\.ts:\d+/);
    expect(await unchanged()).toEqual(before);
  });

  it.each(hostile.concat(['-1', '0', '1.5', '99999999999999999999', 'NaN']))('a student id of %j is refused cleanly', async (id) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/students/${encodeURIComponent(id)}`, headers: admin.headers });
    expect([400, 404, 414]).toContain(response.statusCode);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it.each(hostile)('the audit trail and account search with %j answer 200 or a 400 problem, never a 500', async (text) => {
    for (const url of [
      `/api/audit-events?action=${encodeURIComponent(text)}`,
      `/api/audit-events?cursor=${encodeURIComponent(text)}`,
      `/api/audit-events?cursor=${Buffer.from(JSON.stringify([text, 1])).toString('base64url')}`,
      `/api/audit-events?from=${encodeURIComponent(text)}`,
      `/api/audit-events?studentId=${encodeURIComponent(text)}`,
      `/api/audit-events/export?userId=${encodeURIComponent(text)}`,
      `/api/admin/users?search=${encodeURIComponent(text)}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: admin.headers });
      expect([200, 400], `${url}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
      if (response.statusCode === 400) expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it.each(hostile.concat(['-1', '0', '1.5', '99999999999999999999']))('an account or token id of %j is refused cleanly', async (id) => {
    for (const [method, url] of [
      ['POST', `/api/admin/users/${encodeURIComponent(id)}/unlock`],
      ['DELETE', `/api/admin/api-tokens/${encodeURIComponent(id)}`],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: admin.headers, ...(method === 'POST' ? { payload: {} } : {}) });
      expect([400, 404], `${method} ${url}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('names every bad field of a validation error', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/students/${t.world.students.avery}`, headers: { ...admin.headers, 'if-match': '"1"' }, payload: { preferredName: 42, directoryOptOut: 'yes' } });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.directoryOptOut', 'body.preferredName', 'body.reason']);
  });

  it('sends security headers and no CORS allowance', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://elsewhere.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    // Plain http on a school's own network must keep working: no upgrade of the app's requests.
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    // On an answer that is an error, and on a page of the t.app, the same.
    for (const url of ['/api/no-such-thing', '/']) {
      const other = await t.app.inject({ method: 'GET', url });
      expect(other.headers['x-content-type-options'], url).toBe('nosniff');
      expect(other.headers['content-security-policy'], url).toBe(response.headers['content-security-policy']);
    }
  });

  it('publishes an OpenAPI document with every route and the docs page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/students/{studentId}');
    expect(doc.paths['/api/students/{studentId}'].patch.requestBody).toBeDefined();
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    // Every route on the page, with who may call it; no script, and nothing from elsewhere.
    expect(page.body).toContain('<code>/api/students/{studentId}</code>');
    expect(page.body).toMatch(/Signed in as [a-z-]+/);
    // (OneRoster's scopes are named by URLs: text on the page, never a resource it loads.)
    expect(page.body).not.toMatch(/<script|(?:src|href|action)=["']?https?:\/\/|url\(\s*["']?https?:/);
    const styles = await t.app.inject({ method: 'GET', url: '/api/docs/docs.css' });
    expect(styles.statusCode).toBe(200);
    expect(styles.headers['content-type']).toMatch(/^text\/css/);
  });
});
