import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { loadActor } from '../packages/server/src/auth/sessions.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { CURRENT_YEAR, NEXT_YEAR } from '../packages/server/src/db/seed/calendar.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { JOB_QUEUE_NAME, pgBossJobQueue, startPgBoss } from '../packages/server/src/jobs/queue.ts';
import { commitSchedulingRun } from '../packages/server/src/modules/scheduling/commit-scheduling-run.ts';
import { copyMasterSchedule } from '../packages/server/src/modules/scheduling/copy-master-schedule.ts';
import { queueSchedulingRun, type RunSummary } from '../packages/server/src/modules/scheduling/scheduling-runs.ts';
import { freshDatabase, dropDatabase, peakRssMiB, round, type Benchmark } from './lib.ts';

const homeroom = fileURLToPath(new URL('../packages/server/bin/homeroom.js', import.meta.url));
const WORKERS = 2;
const TIME_LIMIT_SECONDS = 30;

/** CPU seconds and peak resident memory of a process so far, from /proc (Linux). */
function processFigures(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 a second on Linux).
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, peakRssMiB: round(Number(hwm?.[1] ?? 0) / 1024, 1) };
}

/** `homeroom worker` as an operator starts it, on the case's database; resolves once it polls the queue. */
function startWorker(url: string, log: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, [homeroom, 'worker'], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'pipe'] });
  // A bench stopped by a signal must not leave its workers scheduling against a database it cannot
  // drop any more: they stop with it.
  const stopWorker = () => child.kill('SIGKILL');
  process.once('exit', stopWorker);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  child.once('exit', () => process.off('exit', stopWorker));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('working jobs')) resolve(child);
    });
    child.once('exit', (code) => {
      reject(new Error(`homeroom worker stopped with code ${code}: ${output}`));
      log(`worker ${child.pid} stopped (${code})`);
    });
  });
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/**
 * Every secondary school's students scheduled from PostgreSQL by `homeroom worker` processes, the
 * way a district does it for next year: the seed's requests for next year (6th and 7th graders at
 * their middle school, 8th graders at the high school they feed, 9th–11th graders at theirs) against next
 * year's master schedule copied from this year's, one run per school queued as the POST route
 * queues it, each run's preview committed as the commit route commits it. The seed's own rosters
 * are this year's, so nothing is placed for next year before the runs: every seat is theirs.
 */
export const benchmark: Benchmark = {
  name: 'district-scheduling',
  description: 'every secondary school of the synthetic district scheduled for next year from PostgreSQL by two `homeroom worker` processes, committed (full: 650k students; quick: 65k; BENCH_STUDENTS=N)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const districtStudents = Number(process.env.BENCH_STUDENTS) || (quick ? 65_000 : 650_000);
    const name = `district_scheduling_bench_${process.pid}`;
    const caseUrl = await freshDatabase(url, name);
    const handle = await openDatabase({ kind: 'postgres', url: caseUrl }, { poolSize: 4 });
    const workers: ChildProcess[] = [];
    let queue: Awaited<ReturnType<typeof pgBossJobQueue>> | undefined;
    try {
      await migrate(handle.db);
      log(`seeding ${districtStudents.toLocaleString('en-US')} students…`);
      const seedStarted = performance.now();
      const seeded = await seedDistrict(handle.db, { seed: 1, students: districtStudents });
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      const districtId = seeded.districtId;
      const adminUser = await handle.db.selectFrom('app_user').innerJoin('user_role', (j) => j.onRef('user_role.user_id', '=', 'app_user.id')).select('app_user.id').where('app_user.district_id', '=', districtId).where('user_role.role', '=', 'district-admin').executeTakeFirstOrThrow();
      const actor = (await loadActor(handle.db, districtId, adminUser.id))!;
      const origin = { ip: null };
      const nextYear = await handle.db.selectFrom('school_year').select('id').where('district_id', '=', districtId).where('name', '=', NEXT_YEAR).executeTakeFirstOrThrow();
      // The schools with students to schedule next year, biggest first (the longest runs start first).
      const schools = await handle.db
        .selectFrom('course_request')
        .select(['school_id', sql<number>`count(distinct student_id)::int`.as('students')])
        .where('district_id', '=', districtId)
        .where('school_year_id', '=', nextYear.id)
        .groupBy('school_id')
        .orderBy('students', 'desc')
        .execute();
      const secondary = await handle.db.selectFrom('school').select(sql<number>`count(*)::int`.as('n')).where('district_id', '=', districtId).where('kind', 'in', ['middle', 'high']).executeTakeFirstOrThrow();
      log(`${schools.length} schools with requests for ${NEXT_YEAR} (of ${secondary.n} secondary), ${schools.reduce((n, s) => n + s.students, 0).toLocaleString('en-US')} students; copying their master schedules from ${CURRENT_YEAR}…`);
      const copyStarted = performance.now();
      for (const s of schools) await copyMasterSchedule(handle.db, actor, origin, s.school_id, { fromYear: CURRENT_YEAR, toYear: NEXT_YEAR });
      const copySeconds = (performance.now() - copyStarted) / 1000;
      await sql`analyze`.execute(handle.db);

      log(`starting ${WORKERS} homeroom worker processes…`);
      for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(caseUrl, log));
      const workerCpuBefore = workers.map((w) => processFigures(w.pid!).cpuSeconds);
      // The server's side: pg-boss as a server starts it (no supervision), and the use cases its routes call.
      queue = pgBossJobQueue(await startPgBoss({ url: caseUrl }, { supervise: false }));
      // PostgreSQL's CPU for this database: its backends' CPU, read at every poll (a backend that
      // ends between polls loses at most a poll's worth), less what they had used before the runs.
      const backendCpu = new Map<number, { first: number; last: number }>();
      const sampleBackends = async (baseline = false) => {
        const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(handle.db);
        for (const { pid } of rows) {
          try {
            const now = processFigures(pid).cpuSeconds;
            const seen = backendCpu.get(pid);
            backendCpu.set(pid, { first: seen?.first ?? (baseline ? now : 0), last: now });
          } catch {
            // Ended since the query: its last reading stands.
          }
        }
      };
      await sampleBackends(true);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const runs = new Map<number, { schoolId: number; students: number }>();
      for (const s of schools) {
        const run = await queueSchedulingRun(handle.db, queue, actor, origin, { schoolId: s.school_id, schoolYear: NEXT_YEAR, kind: 'students', seed: 1, timeLimitSeconds: TIME_LIMIT_SECONDS });
        runs.set(run.id, { schoolId: s.school_id, students: s.students });
      }
      const queueSeconds = (performance.now() - started) / 1000;
      log(`${runs.size} runs queued in ${round(queueSeconds, 1)} s`);

      const runIds = [...runs.keys()];
      const committed = new Map<number, { seconds: number; seatsAdded: number; seatsDropped: number }>();
      let lastNote = 0;
      for (;;) {
        // Progress as an administrator follows it: the runs' own rows (GET /api/scheduling-runs/{id}).
        await sampleBackends();
        const rows = await handle.db.selectFrom('scheduling_run').select(['id', 'status', 'progress', 'error']).where('district_id', '=', districtId).where('id', 'in', runIds).execute();
        const failed = rows.find((r) => r.status === 'failed');
        if (failed) throw new Error(`run ${failed.id} (school ${runs.get(failed.id)!.schoolId}) failed: ${failed.error}`);
        for (const r of rows.filter((row) => row.status === 'preview')) {
          const commitStarted = performance.now();
          const outcome = await commitSchedulingRun(handle.db, actor, origin, r.id);
          committed.set(r.id, { seconds: (performance.now() - commitStarted) / 1000, seatsAdded: outcome.seatsAdded, seatsDropped: outcome.seatsDropped });
        }
        const elapsed = (performance.now() - started) / 1000;
        if (committed.size === runs.size || Date.now() - lastNote > 10_000) {
          lastNote = Date.now();
          const count = (status: string) => rows.filter((row) => row.status === status).length;
          log(`${round(elapsed, 0)} s: ${committed.size} of ${runs.size} runs committed; ${count('running')} running, ${count('queued')} queued, ${count('preview') } in preview`);
        }
        if (committed.size === runs.size) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      // Each worker process's CPU over the runs (its engine thread and its database work) and its peak memory.
      const workerFigures = workers.map((w, i) => {
        const now = processFigures(w.pid!);
        return { cpuSeconds: round(now.cpuSeconds - workerCpuBefore[i]!, 1), peakRssMiB: now.peakRssMiB };
      });
      const postgresCpuSeconds = round([...backendCpu.values()].reduce((n, b) => n + b.last - b.first, 0), 1);
      const loadAverage1m = round(loadavg()[0]!, 2);

      const finished = await handle.db.selectFrom('scheduling_run').select(['id', 'summary', 'requested_at', 'finished_at']).where('district_id', '=', districtId).where('id', 'in', runIds).execute();
      const summaries = finished.map((r) => ({ id: r.id, ...(r.summary as RunSummary) }));
      const sum = (key: 'students' | 'studentsComplete' | 'requiredMet' | 'requiredTotal' | 'requestsMet' | 'requestsTotal') => summaries.reduce((n, s) => n + s[key], 0);
      const slowest = summaries.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      // What the commits wrote, counted in the database: every open roster row a run started, one per seat it proposed.
      const verify = await sql<{ roster_rows: number; roster_students: number; proposed: number }>`
        select (select count(*) from section_roster where district_id = ${districtId} and scheduling_run_id = any(${runIds}::bigint[]) and end_date is null)::int as roster_rows,
               (select count(distinct student_id) from section_roster where district_id = ${districtId} and scheduling_run_id = any(${runIds}::bigint[]) and end_date is null)::int as roster_students,
               (select count(*) from scheduling_run_assignment where district_id = ${districtId} and scheduling_run_id = any(${runIds}::bigint[]))::int as proposed`.execute(handle.db);
      const written = verify.rows[0]!;
      const seatsAdded = [...committed.values()].reduce((n, c) => n + c.seatsAdded, 0);
      if (written.roster_rows !== written.proposed || written.roster_rows !== seatsAdded) {
        throw new Error(`the commits wrote ${written.roster_rows} roster rows; the runs proposed ${written.proposed} seats and the commits reported ${seatsAdded}`);
      }
      // Runs the queue gave to a second worker: a run still working past its expected time (its
      // time limit and the grace) is taken for dead, so on a loaded machine two workers may run it.
      const retried = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${JOB_QUEUE_NAME} and retry_count > 0`.execute(handle.db);
      // Why required requests went unmet, by the kind of reason (the part before the course codes).
      const unmetReasons = await sql<{ kind: string; n: number }>`
        select case when reason like 'no section of % is offered' then 'not offered' when reason like 'every section of % is full' then 'full'
                    when reason like 'no section of % fits%' then 'clash' else 'course rules or other' end as kind, count(*)::int as n
        from scheduling_run_unmet where district_id = ${districtId} and scheduling_run_id = any(${runIds}::bigint[]) and required group by 1 order by 2 desc`.execute(handle.db);
      const commitSeconds = [...committed.values()].map((c) => c.seconds);
      const slowestSchool = runs.get(slowest.id)!;
      log(`${round(seconds, 1)} s for ${runs.size} schools; ${written.roster_rows.toLocaleString('en-US')} roster rows committed for ${written.roster_students.toLocaleString('en-US')} students`);
      return [
        {
          case: `district-${districtStudents / 1000}k-from-postgres`,
          params: {
            districtStudents, schoolYear: NEXT_YEAR, schools: runs.size, secondarySchools: secondary.n, workerProcesses: WORKERS, concurrencyPerWorker: 1,
            timeLimitSecondsPerSchool: TIME_LIMIT_SECONDS, seed: 1, masterSchedule: `copied from ${CURRENT_YEAR}`,
          },
          metrics: {
            seconds: round(seconds, 1),
            schools: runs.size,
            students: sum('students'),
            studentsComplete: sum('studentsComplete'),
            requiredUnmet: sum('requiredTotal') - sum('requiredMet'),
            requiredTotal: sum('requiredTotal'),
            requestsMet: sum('requestsMet'),
            requestsTotal: sum('requestsTotal'),
            slowestSchool: { schoolId: slowestSchool.schoolId, students: slowest.students, seconds: slowest.seconds },
            requiredUnmetBy: Object.fromEntries(unmetReasons.rows.map((r) => [r.kind, r.n])),
            studentsWithoutAnySection: sum('students') - written.roster_students,
            runsRetriedByQueue: retried.rows[0]!.n,
            rosterRowsCommitted: written.roster_rows,
            studentsWithRosters: written.roster_students,
            queueSeconds: round(queueSeconds, 2),
            commitSeconds: { total: round(commitSeconds.reduce((a, b) => a + b, 0), 1), max: round(Math.max(...commitSeconds), 2) },
            workerCpuSeconds: workerFigures.map((w) => w.cpuSeconds),
            workerPeakRssMiB: workerFigures.map((w) => w.peakRssMiB),
            postgresCpuSeconds,
            benchProcess: { cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1), peakRssMiB: peakRssMiB() },
            seedSeconds: round(seedSeconds, 1),
            copyMasterSchedulesSeconds: round(copySeconds, 1),
            loadAverage1m,
          },
          baseline: null,
        },
      ];
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
      await Promise.all(workers.map(stopped));
      await queue?.close();
      await handle.close();
      await dropDatabase(url, name);
    }
  },
};
