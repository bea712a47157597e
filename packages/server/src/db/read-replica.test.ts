import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createAttendanceDistrict } from '../testing/attendance-district.ts';
import { signInAs, type SignedIn } from '../testing/http.ts';
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
  beforeAll(async () => {
    primary = await openTestDatabase('postgres');
    world = await createAttendanceDistrict(primary.db);
    replica = await startReplica(process.env.DATABASE_URL!);
    replicaHandle = await openDatabase({ kind: 'postgres', url: replica.urlFor((primary.target as { url: string }).url) }, { poolSize: 2 });
    app = await buildApp({ db: primary.db, readReplica: new ReadReplica(replicaHandle.db) });
    principal = await signInAs(app, 'principal');
    clerk = await signInAs(app, 'clerk');
  });
  afterAll(async () => {
    await app?.close();
    await replicaHandle?.close();
    await replica?.stop();
    await primary?.close();
  });

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

  it('refuses to write on the replica: it is read-only, so a route marked for it must write nothing', async () => {
    await expect(replicaHandle.db.insertInto('audit_event').values({ district_id: world.districtId, action: 'read', entity: 'x' } as never).execute()).rejects.toThrow(/read-only/);
  });
});
