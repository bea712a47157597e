import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase } from '../db/testing.ts';
import { addCourseRulesSchool } from '../testing/course-rules.ts';
import { signInAs } from '../testing/http.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { executeBackgroundJob, type BackgroundJob } from './background-job.ts';
import { JOB_QUEUE_NAME, pgBossJobQueue, startPgBoss } from './queue.ts';

const homeroom = fileURLToPath(new URL('../../bin/homeroom.js', import.meta.url));
const onPostgres = Boolean(process.env.DATABASE_URL);

/** `homeroom worker` as an operator starts it: a process of its own on the test's database. */
function startWorker(url: string): ChildProcess & { log: string[] } {
  const child = spawn(process.execPath, [homeroom, 'worker'], { env: { ...process.env, DATABASE_URL: url, HOMEROOM_JOB_MAINTENANCE_SECONDS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] }) as ChildProcess & { log: string[] };
  child.log = [];
  child.stderr!.on('data', (chunk: Buffer) => child.log.push(chunk.toString()));
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, seconds: number): Promise<T> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`waited ${seconds} s for ${what}`);
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.skipIf(!onPostgres)('jobs on pg-boss workers (PostgreSQL; skipped without DATABASE_URL: the embedded database runs jobs in the server)', () => {
  let handle: DatabaseHandle;
  let url: string;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
    url = (handle.target as { url: string }).url;
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await Promise.all(workers.map(stopped));
    await handle?.close();
  });

  it('a scheduling run queued by a server that then stops, whose worker is killed -9 mid-run, is retried by another worker and commits its result once', async () => {
    const world = await createSmallDistrict(handle.db);
    const school = await addCourseRulesSchool(handle.db, world);
    for (let i = 0; i < 6; i++) {
      const student = await school.student([]);
      await school.request(student, school.courses.economics, { year: 'current' });
    }
    // The server: queues the run in the transaction that creates it, answers 202, and stops
    // before any worker is running. The job is in the database, not in the server.
    const jobs = pgBossJobQueue(await startPgBoss({ url, maintenanceIntervalSeconds: 1 }, { supervise: false }), { graceSeconds: 4 });
    const app = await buildApp({ db: handle.db, jobs });
    const principal = await signInAs(app, 'south-principal');
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.south}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 1 } });
    expect(started.statusCode, started.body).toBe(202);
    const runId: number = started.json().runId;
    await app.close();
    await jobs.close();
    const run = () => handle.db.selectFrom('scheduling_run').select(['status', 'summary', 'finished_at', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
    const assignments = async () => Number((await sql<{ n: string }>`select count(*) as n from scheduling_run_assignment where scheduling_run_id = ${runId}`.execute(handle.db)).rows[0]!.n);
    expect((await run()).status).toBe('queued');

    // The first worker takes the run and is killed mid-run: nothing of the run is committed.
    const first = startWorker(url);
    workers.push(first);
    await until('the first worker to take the run', async () => (await run()).status === 'running', 60);
    first.kill('SIGKILL');
    await stopped(first);
    expect((await run()).status, first.log.join('')).toBe('running');
    expect(await assignments()).toBe(0);

    // Another worker gets it once the job's time (its limit and the grace) has passed, and runs it to the end.
    const second = startWorker(url);
    workers.push(second);
    const finished = await until('the run to be retried and finished', async () => {
      const now = await run();
      return now.status !== 'running' && now.status !== 'queued' && now;
    }, 60);
    expect(finished.status, `${finished.error} ${second.log.join('')}`).toBe('preview');
    const rows = await assignments();
    expect(rows).toBeGreaterThan(0);
    const distinct = Number((await sql<{ n: string }>`select count(*) as n from (select distinct student_id, section_id from scheduling_run_assignment where scheduling_run_id = ${runId}) d`.execute(handle.db)).rows[0]!.n);
    expect(distinct).toBe(rows);
    const queueJob = await until('pg-boss to record the job complete', async () => {
      const { rows: found } = await sql<{ state: string; retry_count: number; data: BackgroundJob }>`select state, retry_count, data from pgboss.job where name = ${JOB_QUEUE_NAME}`.execute(handle.db);
      return found[0]?.state === 'completed' && found;
    }, 10);
    expect(queueJob).toHaveLength(1);
    expect(queueJob[0]!.retry_count).toBeGreaterThanOrEqual(1);
    second.kill('SIGTERM');
    await stopped(second);

    // Delivered once more (a worker killed after its commit, before pg-boss heard): nothing changes.
    await executeBackgroundJob(handle.db, queueJob[0]!.data);
    const again = await run();
    expect(again.finished_at).toEqual(finished.finished_at);
    expect(again.summary).toEqual(finished.summary);
    expect(await assignments()).toBe(rows);
  }, 120_000);
});
