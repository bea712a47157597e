import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { ROSTER_CORE } from '../auth/api-token-scopes.ts';
import { registerOAuthClient } from '../modules/oauth/oauth-clients.ts';
import { ONEROSTER_BASE } from '../modules/oneroster/collections.ts';
import { createAttendanceDistrict } from '../testing/attendance-district.ts';
import { signInAs, waitForRun, type SignedIn } from '../testing/http.ts';
import { startReplica, type RunningReplica } from '../testing/replica.ts';
import { openDatabase, type DatabaseHandle } from './connection.ts';
import { ReadReplica, WRITTEN_COOKIE } from './read-replica.ts';
import { openTestDatabase } from './testing.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('reads that may lag go to a real streaming replica; a person reads their own writes (PostgreSQL only; skipped without DATABASE_URL)', () => {
  let primary: DatabaseHandle;
  let replicaHandle: DatabaseHandle;
  let replica: RunningReplica;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createAttendanceDistrict>>;
  let principal: SignedIn;
  let clerk: SignedIn;
  let admin: SignedIn;
  let readReplica: ReadReplica;
  let rosterToken: string;
  const documents = mkdtempSync(path.join(os.tmpdir(), 'homeroom-replica-exports-'));
  const previousDocuments = process.env.HOMEROOM_DOCUMENTS_DIR;
  beforeAll(async () => {
    process.env.HOMEROOM_DOCUMENTS_DIR = documents;
    primary = await openTestDatabase('postgres');
    world = await createAttendanceDistrict(primary.db);
    replica = await startReplica(process.env.DATABASE_URL!);
    replicaHandle = await openDatabase({ kind: 'postgres', url: replica.urlFor((primary.target as { url: string }).url) }, { poolSize: 2 });
    // An export waits a second for the replica, not five: the paused replica must not slow the suite.
    readReplica = new ReadReplica(replicaHandle.db, undefined, 1000);
    app = await buildApp({ db: primary.db, readReplica });
    principal = await signInAs(app, 'principal');
    clerk = await signInAs(app, 'clerk');
    admin = await signInAs(app, 'admin');
    const client = await registerOAuthClient(primary.db, null, { ip: null }, world.districtId, { name: 'Learning platform', scopes: [ROSTER_CORE], requestsPerMinute: 1000 });
    const token = await app.inject({
      method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
    });
    rosterToken = token.json().access_token;
  });
  afterAll(async () => {
    await app?.close();
    await replicaHandle?.close();
    await replica?.stop();
    await primary?.close();
    if (previousDocuments === undefined) delete process.env.HOMEROOM_DOCUMENTS_DIR;
    else process.env.HOMEROOM_DOCUMENTS_DIR = previousDocuments;
    rmSync(documents, { recursive: true, force: true });
  });

  /** Until the replica has replayed everything the primary has now. */
  const caughtUp = async () => {
    const end = Date.now() + 10_000;
    while ((await readReplica.handleForJob(primary.db)) !== replicaHandle.db && Date.now() < end);
  };

  // The browser keeps the latest position a write answered with (signing in is a write too).
  const notTaken = (who: SignedIn, written?: string) => {
    const cookies = who.cookie.split('; ').filter((c) => !written || !c.startsWith(`${WRITTEN_COOKIE}=`));
    return app.inject({ method: 'GET', url: `/api/schools/${world.schools.lincoln}/attendance-not-taken?date=2026-09-08`, headers: { ...who.headers, cookie: [...cookies, ...(written ? [written] : [])].join('; ') } });
  };

  it('serves the report from the replica, and the one who just saved from the primary until the replica has their save', async () => {
    expect((await notTaken(clerk)).json()).toMatchObject({ taken: 0, notTaken: 3 });
    await replica.pauseReplay();
    try {
      const saved = await app.inject({ method: 'PUT', url: `/api/sections/${world.sections.english}/attendance/2026-09-08`, headers: principal.headers, payload: { idempotencyKey: 'replica-save-0001', marks: [] } });
      expect(saved.statusCode, saved.body).toBe(200);
      const written = saved.cookies.find((c) => c.name === WRITTEN_COOKIE);
      expect(written?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const cookie = `${WRITTEN_COOKIE}=${written!.value}`;
      // The one who saved sees their save though the replica has not replayed it.
      expect((await notTaken(principal, cookie)).json()).toMatchObject({ taken: 1, notTaken: 2 });
      // Anyone else reads the replica, which is behind: the report is served from there.
      expect((await notTaken(clerk)).json()).toMatchObject({ taken: 0, notTaken: 3 });
      // A write goes to the primary even with the replica stalled.
      expect((await app.inject({ method: 'PUT', url: `/api/sections/${world.sections.english}/attendance/2026-09-08`, headers: principal.headers, payload: { idempotencyKey: 'replica-save-0001', marks: [] } })).statusCode).toBe(200);
    } finally {
      await replica.resumeReplay();
    }
    const end = Date.now() + 10_000;
    let seen = (await notTaken(clerk)).json();
    while (seen.taken !== 1 && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = (await notTaken(clerk)).json();
    }
    expect(seen).toMatchObject({ taken: 1, notTaken: 2 });
  });

  const courses = (headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: `${ONEROSTER_BASE}/courses?filter=${encodeURIComponent("courseCode='REPLICA-1'")}`, headers });
  const asClient = () => ({ authorization: `Bearer ${rosterToken}` });
  // The browser keeps the latest position a write answered with, in place of the sign-in's.
  const withWritten = (who: SignedIn, written: string) => ({
    ...who.headers, cookie: [...who.cookie.split('; ').filter((c) => !c.startsWith(`${WRITTEN_COOKIE}=`)), `${WRITTEN_COOKIE}=${written}`].join('; '),
  });

  it('serves OneRoster from the replica: a rostering client reads it however far behind; the administrator who just saved reads their save', async () => {
    await caughtUp();
    await replica.pauseReplay();
    let written: string;
    try {
      const saved = await app.inject({ method: 'POST', url: '/api/courses', headers: admin.headers, payload: { code: 'REPLICA-1', title: 'REPLICA STUDY', credits: '5' } });
      expect(saved.statusCode, saved.body).toBe(201);
      written = saved.cookies.find((c) => c.name === WRITTEN_COOKIE)!.value;
      // The client carries no cookie: the replica answers, without the new course.
      const behind = await courses(asClient());
      expect(behind.statusCode, behind.body).toBe(200);
      expect(behind.json().courses).toEqual([]);
      // The administrator who saved it sees it (the primary answers them).
      expect((await courses(withWritten(admin, written))).json().courses.map((c: { courseCode: string }) => c.courseCode)).toEqual(['REPLICA-1']);
      // Students read from the replica are on the audit trail all the same: written on the primary.
      const before = await primary.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('entity', '=', 'oneroster:users').executeTakeFirstOrThrow();
      const students = await app.inject({ method: 'GET', url: `${ONEROSTER_BASE}/users`, headers: asClient() });
      expect(students.statusCode, students.body).toBe(200);
      expect(students.json().users.length).toBeGreaterThan(0);
      const after = await primary.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('entity', '=', 'oneroster:users').executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n) + 1);
    } finally {
      await replica.resumeReplay();
    }
    await caughtUp();
    expect((await courses(asClient())).json().courses.map((c: { courseCode: string }) => c.courseCode)).toEqual(['REPLICA-1']);
  });

  it('exports OneRoster from the replica once it has what the primary had when the job began; from the primary while it lags, so the requester’s save is in it', async () => {
    const chosen = vi.spyOn(readReplica, 'handleForJob');
    const exportCourses = async () => {
      const started = await app.inject({ method: 'POST', url: '/api/oneroster-exports', headers: admin.headers, payload: {} });
      expect(started.statusCode, started.body).toBe(202);
      const job = await waitForRun(app, started.json().url, admin.headers);
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      return job.result.files['courses.csv'] as number;
    };
    try {
      await caughtUp();
      chosen.mockClear();
      const all = await exportCourses();
      expect(await chosen.mock.results[0]!.value).toBe(replicaHandle.db);

      await replica.pauseReplay();
      try {
        const saved = await app.inject({ method: 'POST', url: '/api/courses', headers: admin.headers, payload: { code: 'REPLICA-2', title: 'REPLICA STUDY 2', credits: '5' } });
        expect(saved.statusCode, saved.body).toBe(201);
        chosen.mockClear();
        expect(await exportCourses()).toBe(all + 1);
        expect(await chosen.mock.results[0]!.value).toBe(primary.db);
      } finally {
        await replica.resumeReplay();
      }
    } finally {
      chosen.mockRestore();
    }
  });

  it('refuses to write on the replica: it is read-only, so a route marked for it must write nothing', async () => {
    await expect(replicaHandle.db.insertInto('audit_event').values({ district_id: world.districtId, action: 'read', entity: 'x' } as never).execute()).rejects.toThrow(/read-only/);
  });
});
