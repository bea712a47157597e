import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { JOB_QUEUE_NAME, pgBossJobQueue, startPgBoss, workJobs } from '../jobs/queue.ts';
import { createAttendanceDistrict } from '../testing/attendance-district.ts';
import { addCourseRulesSchool } from '../testing/course-rules.ts';
import { signInAs, waitForRun } from '../testing/http.ts';
import { startPgBouncer, type RunningPgBouncer } from '../testing/pgbouncer.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { openDatabase, type DatabaseHandle } from './connection.ts';
import { openTestDatabase } from './testing.ts';
import { databaseTargetFromEnv } from './target.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** The pooler's own count of transactions it carried to a database (its admin console). */
async function pooledTransactions(bouncer: RunningPgBouncer, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: bouncer.urlFor(`postgres://postgres@127.0.0.1/pgbouncer`) });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ database: string; total_xact_count: string }>('SHOW STATS');
    return Number(rows.find((r) => r.database === database)?.total_xact_count ?? 0);
  } finally {
    await admin.end();
  }
}

describe.skipIf(!onPostgres)('through PgBouncer in transaction mode with DATABASE_PREPARED_STATEMENTS=off (PostgreSQL only; skipped without DATABASE_URL)', () => {
  let bouncer: RunningPgBouncer;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    bouncer = await startPgBouncer(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    for (const handle of handles.reverse()) await handle.close().catch(() => undefined);
    await bouncer?.stop();
  });

  /** A migrated test database, and a handle on it through the pooler as the server would open it. */
  async function pooled() {
    const direct = await openTestDatabase('postgres');
    handles.push(direct);
    const url = bouncer.urlFor((direct.target as { url: string }).url);
    const target = databaseTargetFromEnv({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'off' });
    expect(target).toEqual({ kind: 'postgres', url, preparedStatements: false });
    const through = await openDatabase(target, { poolSize: 4 });
    handles.push(through);
    return { direct, through, url, name: new URL(url).pathname.slice(1) };
  }

  it('saves a period of attendance, and saving it again with the same key changes nothing', async () => {
    const { direct, through, name } = await pooled();
    const world = await createAttendanceDistrict(direct.db);
    const app = await buildApp({ db: through.db });
    try {
      const terry = await signInAs(app, 'terry');
      const payload = { idempotencyKey: 'pooled-save-0001', marks: [{ studentId: world.students.ana, code: 'A' }, { studentId: world.students.ben, code: 'T' }] };
      const before = await pooledTransactions(bouncer, name);
      // Many saves, so that every connection behind the pooler sees the same statements: a named
      // statement would be missing on most of them.
      for (let i = 0; i < 12; i++) {
        const saved = await app.inject({ method: 'PUT', url: `/api/sections/${world.sections.english}/attendance/2026-09-03`, headers: terry.headers, payload });
        expect(saved.statusCode, saved.body).toBe(200);
        const roster = await app.inject({ method: 'GET', url: `/api/sections/${world.sections.english}/attendance?date=2026-09-03`, headers: terry.headers });
        expect(roster.statusCode, roster.body).toBe(200);
      }
      const codes = await direct.db.selectFrom('period_attendance').select(['student_id', 'code']).where('section_id', '=', world.sections.english).where('day', '=', '2026-09-03').orderBy('student_id').execute();
      expect(Object.fromEntries(codes.map((c) => [c.student_id, c.code]))).toMatchObject({ [world.students.ana]: 'A', [world.students.ben]: 'T' });
      expect(Number((await direct.db.selectFrom('attendance_taking').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
      expect(await pooledTransactions(bouncer, name)).toBeGreaterThan(before);
    } finally {
      await app.close();
    }
  });

  it('runs a scheduling run queued on pg-boss and worked by a worker, both through the pooler', async () => {
    const { direct, through, url } = await pooled();
    const world = await createSmallDistrict(direct.db);
    const school = await addCourseRulesSchool(direct.db, world);
    for (let i = 0; i < 4; i++) await school.request(await school.student([]), school.courses.economics, { year: 'current' });
    const serverBoss = await startPgBoss({ url }, { supervise: false });
    const jobs = pgBossJobQueue(serverBoss);
    const workerBoss = await startPgBoss({ url }, { supervise: true });
    const app = await buildApp({ db: through.db, jobs });
    try {
      await workJobs(workerBoss, through.db, { pollingIntervalSeconds: 0.5 });
      const principal = await signInAs(app, 'south-principal');
      const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.south}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 1 } });
      expect(started.statusCode, started.body).toBe(202);
      const run = await waitForRun(app, started.json().url, principal.headers);
      expect(run.status, JSON.stringify(run)).toBe('preview');
      const assigned = await direct.db.selectFrom('scheduling_run_assignment').select('student_id').where('scheduling_run_id', '=', started.json().runId).execute();
      expect(assigned.length).toBeGreaterThan(0);
      const { rows } = await sql<{ state: string }>`select state from pgboss.job where name = ${JOB_QUEUE_NAME}`.execute(direct.db);
      expect(rows.map((r) => r.state)).toEqual(['completed']);
    } finally {
      await app.close();
      await workerBoss.stop({ graceful: false, wait: true, close: true });
      await jobs.close();
    }
  }, 60_000);
});
