// The first morning of the school year, compressed: every teacher opens their roster and saves
// attendance within minutes of the bell. Against the real server on PostgreSQL, over loopback only,
// bounded in count and time. See bench/README.md.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { buildMorningDistrict, type MorningTeacher } from './attendance-morning-district.ts';
import { peakRssMiB, percentile, round, type BenchCase, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface MorningCase {
  name: string;
  teachers: number;
  /** The compressed morning: the real one is ~15 minutes with most saves in the first few. */
  durationSeconds: number;
  speedup: number;
  /** Requests in flight at most: teachers whose browsers are waiting on the server. */
  concurrency: number;
  poolSize: number;
}

/** A seeded random number generator, so that two runs send the same morning. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When each teacher opens the roster, in seconds after the bell: half in the first fifth of the
 * morning (the bell), the rest spread over it, as the real first morning's log looks.
 */
function arrivals(count: number, durationSeconds: number, next: () => number): number[] {
  return Array.from({ length: count }, () => (next() < 0.5 ? next() * 0.2 : next()) * durationSeconds).sort((a, b) => a - b);
}

interface StatementCount {
  text: string;
  count: number;
  ms: number;
}

interface BenchServer {
  child: ChildProcess;
  port: number;
  cpuMs: () => Promise<number>;
  /** Starts counting the server's statements; the returned function stops and reports them. */
  countStatements: () => () => Promise<StatementCount[]>;
  stop: () => Promise<{ peakRssMiB: number; cpuMs: number } | null>;
}

async function startServer(url: string, poolSize: number, lifetimeSeconds: number): Promise<BenchServer> {
  const child = fork(path.join(here, 'attendance-morning-server.ts'), [], {
    // BENCH_PROFILE=dir writes the server's CPU profile there, to see where a save's time goes.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_POOL_SIZE: String(poolSize), BENCH_SERVER_SECONDS: String(lifetimeSeconds), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number }) => (m.port ? resolve(m.port) : reject(new Error('server did not start'))));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const cpuMs = () =>
    new Promise<number>((resolve) => {
      const listener = (m: { cpuMs?: number; stopped?: boolean }) => {
        if (m.cpuMs !== undefined && !m.stopped) {
          child.off('message', listener);
          resolve(m.cpuMs);
        }
      };
      child.on('message', listener);
      child.send({ cpu: true });
    });
  const countStatements = () => {
    child.send({ count: true });
    return () =>
      new Promise<StatementCount[]>((resolve) => {
        const listener = (m: { statements?: StatementCount[] }) => {
          if (m.statements) {
            child.off('message', listener);
            resolve(m.statements);
          }
        };
        child.on('message', listener);
        child.send({ count: false });
      });
  };
  const stop = () =>
    new Promise<{ peakRssMiB: number; cpuMs: number } | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 10_000);
      child.on('message', (m: { stopped?: boolean; peakRssMiB?: number; cpuMs?: number }) => {
        if (m.stopped) {
          clearTimeout(timer);
          resolve({ peakRssMiB: m.peakRssMiB ?? 0, cpuMs: m.cpuMs ?? 0 });
        }
      });
      child.send({ stop: true });
    });
  return { child, port, cpuMs, countStatements, stop };
}

/**
 * One request over a kept-alive connection, the body read whole. node:http rather than fetch: the
 * load generator shares the two cores with the server and the database, and fetch cost it about
 * twice the CPU per request.
 */
function send(agent: http.Agent, port: number, method: 'GET' | 'PUT', path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error as Error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function runMorning(port: number, teachers: MorningTeacher[], c: MorningCase, log: (line: string) => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c.concurrency });
  const next = random(20260817);
  const schedule = arrivals(teachers.length, c.durationSeconds, next);
  const order = teachers.map((t, i) => ({ t, at: schedule[i]!, r: next() })).sort((a, b) => a.r - b.r).map((x, i) => ({ teacher: x.t, at: schedule[i]! }));
  const saveLatencies: number[] = [];
  const rosterLatencies: number[] = [];
  // From the moment a teacher's turn came to the save confirmed: with the time spent waiting for
  // one of the generator's connections, which the request latencies leave out when the server
  // falls behind (and which the teacher at the screen does not).
  const teacherWaits: number[] = [];
  let acknowledged = 0;
  let replaysAcknowledged = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const started = performance.now();
  const hardStop = started + (c.durationSeconds * 4 + 60) * 1000;
  let lastAck = started;
  let nextIndex = 0;
  const fail = (what: string) => {
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(what);
  };

  const teacherMorning = async (teacher: MorningTeacher, dueAt: number) => {
    const headers = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
    let t0 = performance.now();
    const rosterResponse = await send(agent, port, 'GET', `/api/sections/${teacher.sectionId}/attendance`, headers);
    const roster = rosterResponse.json as { date: string; students?: Array<{ id: number }> };
    rosterLatencies.push(performance.now() - t0);
    if (rosterResponse.status !== 200 || !roster.students) return fail(`GET ${rosterResponse.status} ${JSON.stringify(roster).slice(0, 200)}`);
    // A few absences and a tardy, as on a real morning (about 5% absent).
    const marks = roster.students.filter(() => next() < 0.05).map((s) => ({ studentId: s.id, code: next() < 0.8 ? 'A' : 'T' }));
    const body = JSON.stringify({ idempotencyKey: `bench-${randomBytes(12).toString('base64url')}`, marks });
    const save = async () => {
      t0 = performance.now();
      const response = await send(agent, port, 'PUT', `/api/sections/${teacher.sectionId}/attendance/${roster.date}`, { ...headers, 'content-type': 'application/json' }, body);
      const result = response.json as { stored?: boolean; replayed?: boolean };
      saveLatencies.push(performance.now() - t0);
      return { status: response.status, result };
    };
    const first = await save();
    if (first.status !== 200 || !first.result.stored) return fail(`PUT ${first.status} ${JSON.stringify(first.result).slice(0, 200)}`);
    acknowledged += 1;
    lastAck = performance.now();
    teacherWaits.push(lastAck - dueAt);
    // One teacher in twenty clicks Save again (a slow network): the retry must not store twice.
    if (next() < 0.05) {
      const retry = await save();
      if (retry.status !== 200 || !retry.result.replayed) return fail(`retry ${retry.status} ${JSON.stringify(retry.result).slice(0, 200)}`);
      replaysAcknowledged += 1;
    }
  };

  let progressAt = started + 5000;
  let inFlight = 0;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (;;) {
    const now = performance.now();
    if (now > progressAt) {
      progressAt = now + 5000;
      log(`    ${((now - started) / 1000).toFixed(0)} s: ${acknowledged} saves acknowledged, ${inFlight} teachers waiting, ${errors} errors`);
    }
    while (inFlight < c.concurrency && nextIndex < order.length && now >= started + order[nextIndex]!.at * 1000 && now < hardStop) {
      const { teacher, at } = order[nextIndex++]!;
      inFlight += 1;
      void teacherMorning(teacher, started + at * 1000)
        .catch((error: Error) => fail(`network: ${error.message}`))
        .finally(() => {
          inFlight -= 1;
        });
    }
    if ((nextIndex >= order.length || now >= hardStop) && inFlight === 0) break;
    const untilNext = nextIndex < order.length && inFlight < c.concurrency ? started + order[nextIndex]!.at * 1000 - now : 2;
    await sleep(Math.min(50, Math.max(1, untilNext)));
  }
  const seconds = (lastAck - started) / 1000;
  agent.destroy();
  saveLatencies.sort((a, b) => a - b);
  rosterLatencies.sort((a, b) => a - b);
  teacherWaits.sort((a, b) => a - b);
  return { acknowledged, replaysAcknowledged, errors, errorSamples, seconds, saveLatencies, rosterLatencies, teacherWaits, teachersNotReached: order.length - nextIndex };
}

/**
 * CPU time of the PostgreSQL backends serving a database, from /proc (PostgreSQL on this machine):
 * with the server's own, the cost of a teacher's morning whatever else the shared machine runs.
 */
async function backendCpuMs(client: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  const result = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // A backend that ended, or PostgreSQL on another machine: not counted.
    }
  }
  return result;
}

const latency = (sorted: number[]) => ({ p50: round(percentile(sorted, 50), 1), p95: round(percentile(sorted, 95), 1), p99: round(percentile(sorted, 99), 1), max: round(sorted.at(-1) ?? 0, 1) });

export const benchmark: Benchmark = {
  name: 'attendance-morning',
  description: 'the first morning replayed, compressed, against the server on PostgreSQL: every teacher opens the roster and saves',
  needsPostgres: true,
  async run({ quick, log }) {
    const serverUrl = process.env.DATABASE_URL!;
    const cases: MorningCase[] = quick
      ? [{ name: '3k-teachers-quick', teachers: 3000, durationSeconds: 12, speedup: 75, concurrency: 32, poolSize: 10 }]
      : [{ name: '25k-teachers-15min-x10', teachers: 25000, durationSeconds: 90, speedup: 10, concurrency: 32, poolSize: 10 }];
    const results: BenchCase[] = [];
    for (const c of cases) {
      const name = `homeroom_bench_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      let server: BenchServer | undefined;
      try {
        log(`${c.name}: building the district (${c.teachers.toLocaleString('en-US')} teachers) in ${name}`);
        const buildStarted = performance.now();
        const migrated = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 2 });
        await migrate(migrated.db);
        await migrated.close();
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        const district = await buildMorningDistrict(client, { teachers: c.teachers, seed: 1 }, log);
        log(`  built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s: ${district.teachers.length} sections, ${district.students} students, ${district.rosterRows} roster rows`);

        server = await startServer(url.toString(), c.poolSize, c.durationSeconds * 4 + 180);
        const base = `http://127.0.0.1:${server.port}`;
        // Warm the server up (JIT, pool) with a few rosters, outside the measurement.
        for (const teacher of district.teachers.slice(0, 20)) await fetch(`${base}/api/sections/${teacher.sectionId}/attendance`, { headers: { cookie: teacher.cookie } }).then((r) => r.arrayBuffer());
        log(`  the bell rings: ${district.teachers.length} teachers over ${c.durationSeconds} s, at most ${c.concurrency} waiting at once`);
        const cpuBefore = await server.cpuMs();
        const postgresBefore = await backendCpuMs(client, name);
        const stopCounting = server.countStatements();
        const generatorBefore = process.cpuUsage();
        // The server replaces its connections now and then (PLAN_LIFETIME_SECONDS): a backend that
        // ended during the morning is counted as last seen, twice a second.
        const postgresSeen = new Map(postgresBefore);
        let sampling = Promise.resolve();
        const sampler = setInterval(() => {
          sampling = sampling.then(async () => {
            for (const [pid, ms] of await backendCpuMs(client, name)) postgresSeen.set(pid, Math.max(ms, postgresSeen.get(pid) ?? 0));
          });
        }, 500);
        const wallStarted = performance.now();
        const morning = await runMorning(server.port, district.teachers, c, log);
        const wallSeconds = (performance.now() - wallStarted) / 1000;
        const generator = process.cpuUsage(generatorBefore);
        clearInterval(sampler);
        await sampling;
        const postgresAfter = await backendCpuMs(client, name);
        for (const [pid, ms] of postgresSeen) if (!postgresAfter.has(pid)) postgresAfter.set(pid, ms);
        const statements = (await stopCounting()).sort((a, b) => b.ms - a.ms);
        const statementCount = statements.reduce((sum, s) => sum + s.count, 0);
        log(`  statements per teacher: ${(statementCount / Math.max(1, morning.acknowledged)).toFixed(2)}; the costliest (round-trip ms in all, count):`);
        for (const s of statements.slice(0, 12)) log(`    ${String(s.ms).padStart(8)} ms ${String(s.count).padStart(7)}  ${s.text}`);
        const postgresCpuMs = [...postgresAfter].reduce((sum, [pid, ms]) => sum + ms - (postgresBefore.get(pid) ?? 0), 0);
        const serverStopped = await server.stop();
        const serverCpuMs = serverStopped ? serverStopped.cpuMs - cpuBefore : null;
        server = undefined;
        // A plan prepared while a table was still small may scan it whole once it is not: the
        // morning's tables read by key only, or the log says which ones were scanned.
        const { rows: scans } = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string }>(
          `select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_user_tables where relname = any($1) and seq_tup_read > 0 order by seq_tup_read desc`,
          [['period_attendance', 'daily_attendance', 'attendance_taking', 'attendance_change', 'audit_event', 'section_roster', 'student', 'user_session', 'app_user', 'user_role', 'section', 'section_teacher', 'attendance_note']],
        );
        log(`  sequential scans of the morning's tables: ${scans.length === 0 ? 'none' : scans.map((r) => `${r.relname} ${r.seq_scan} scans, ${r.seq_tup_read} rows`).join('; ')}`);
        const { rows: [stored] } = await client.query(`select count(*)::int as takings, (select count(*)::int from period_attendance) as periods, (select count(*)::int from daily_attendance) as days from attendance_taking`);
        await client.end();
        if (morning.errorSamples.length) log(`  errors, for example: ${morning.errorSamples.join(' | ')}`);
        results.push({
          case: c.name,
          params: { teachers: district.teachers.length, durationSeconds: c.durationSeconds, speedup: c.speedup, concurrency: c.concurrency, poolSize: c.poolSize, secondarySchools: district.secondarySchools, elementarySchools: district.elementarySchools, students: district.students, rosterRows: district.rosterRows },
          metrics: {
            savesAcknowledged: morning.acknowledged,
            savesStored: stored.takings,
            retriesAcknowledged: morning.replaysAcknowledged,
            savesPerSecond: round(morning.acknowledged / morning.seconds, 1),
            seconds: round(morning.seconds, 1),
            latencyMs: latency(morning.saveLatencies),
            rosterLatencyMs: latency(morning.rosterLatencies),
            teacherWaitMs: latency(morning.teacherWaits),
            errors: morning.errors,
            teachersNotReached: morning.teachersNotReached,
            periodAttendanceRows: stored.periods,
            dailyAttendanceRows: stored.days,
            peakRssMiB: serverStopped?.peakRssMiB ?? null,
            // The server's own CPU per teacher (roster + save + retries): what the figures would be
            // on a machine of one's own, as the shared machine's load varies from run to run.
            serverCpuMsPerTeacher: serverCpuMs === null ? null : round(serverCpuMs / Math.max(1, morning.acknowledged), 2),
            serverCpuShare: serverCpuMs === null ? null : round(serverCpuMs / 1000 / wallSeconds, 2),
            postgresCpuMsPerTeacher: round(postgresCpuMs / Math.max(1, morning.acknowledged), 2),
            // What two cores of one's own would sustain at this cost (server + database; the load
            // generator and PostgreSQL's WAL writer not counted).
            // Every statement the server sent during the morning (transaction begin and commit
            // included), per acknowledged save: the roster read, the save and the retries.
            statementsPerTeacher: round(statementCount / Math.max(1, morning.acknowledged), 2),
            // The load generator shares the two cores: what it took is not the server's to spend.
            loadGeneratorCpuMsPerTeacher: round((generator.user + generator.system) / 1000 / Math.max(1, morning.acknowledged), 2),
            impliedSavesPerSecondOnTwoCores: serverCpuMs === null ? null : round((2 * 1000 * morning.acknowledged) / (serverCpuMs + postgresCpuMs), 0),
            loadAverage1m: round(os.loadavg()[0]!, 1),
            loadGeneratorPeakRssMiB: peakRssMiB(),
          },
          baseline: null,
        });
      } finally {
        if (server) await server.stop().catch(() => undefined);
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      }
    }
    return results;
  },
};
