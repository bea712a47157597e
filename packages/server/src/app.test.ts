import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { openDatabase, type DatabaseHandle } from './db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from './db/testing.ts';

describe.each(testDatabaseKinds())('the app on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    app = await buildApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('reports health: database reachable, migrations current', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ok');
    expect(body.database.reachable).toBe(true);
    expect(body.migrations.pending).toEqual([]);
  });

  it('answers an unknown API route with a problem document, not a page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, code: 'no-such-route' });
  });

  it('says there is no district yet instead of failing', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/district' });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toMatch(/homeroom seed/);
  });

  it('lists schools with their enrollment, and names every bad query field', async () => {
    const { id } = await handle.db.insertInto('district').values({ code: 'TEST', name: 'Test Unified' }).returning('id').executeTakeFirstOrThrow();
    await handle.db
      .insertInto('school')
      .values([
        { district_id: id, code: '101', name: 'Lincoln High', kind: 'high', low_grade: 9, high_grade: 12 },
        { district_id: id, code: '201', name: 'Adams Elementary', kind: 'elementary', low_grade: 0, high_grade: 5, attendance_mode: 'daily' },
      ])
      .execute();
    const all = await app.inject({ method: 'GET', url: '/api/schools' });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((s: { name: string }) => s.name)).toEqual(['Adams Elementary', 'Lincoln High']);
    expect(all.json().total).toBe(2);
    const high = await app.inject({ method: 'GET', url: '/api/schools?kind=high' });
    expect(high.json().items).toMatchObject([{ code: '101', grades: { low: 9, high: 12 }, enrolled: 0 }]);
    const bad = await app.inject({ method: 'GET', url: '/api/schools?limit=100000&kind=castle&color=red' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['query', 'query.kind', 'query.limit']);
    const district = await app.inject({ method: 'GET', url: '/api/district' });
    expect(district.json()).toMatchObject({ code: 'TEST', figures: { schools: 2 } });
  });

  it('serves the web app for any other path', async () => {
    const response = await app.inject({ method: 'GET', url: '/students/123' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Homeroom');
  });
});

describe('health when the database cannot be reached', () => {
  it('says only "unreachable" to whoever asks, and logs what the database said', async () => {
    // Nothing listens on port 1: the driver's message names the host and port, as a wrong password names the role.
    const handle = await openDatabase({ kind: 'postgres', url: 'postgres://district_owner@127.0.0.1:1/homeroom' });
    const logged: string[] = [];
    const app = await buildApp({ db: handle.db }, { logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } } });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'database-unreachable', database: { reachable: false, error: 'unreachable' } });
      expect(response.body).not.toMatch(/127\.0\.0\.1|district_owner|ECONNREFUSED/);
      expect(logged.join('')).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
