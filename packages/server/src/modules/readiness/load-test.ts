// The first-morning load test of this deployment (readiness check `load-test`): the attendance
// bench's replay — every teacher opens the roster and saves, arriving at a steady rate — at ten
// times the district's expected peak, against this deployment's own server code on its own
// PostgreSQL server and hardware, on a synthetic district in a database of its own (never the
// district's data), over loopback only, bounded in count and time. Reuses the bench's district
// builder, server process and HTTP client (bench/attendance-morning*.ts) so both measure alike.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOAD_TEST_FACTOR, LOAD_TEST_P99_MS } from '@homeroom/core/readiness/readiness';
import { seededRandom } from '@homeroom/core/random';
import { buildMorningDistrict, type MorningTeacher } from '../../../../../bench/attendance-morning-district.ts';
import { LoadClient } from '../../../../../bench/http-client.ts';
import { dropDatabase, freshDatabase, percentile, round } from '../../../../../bench/lib.ts';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrator.ts';

const SERVER = fileURLToPath(new URL('../../../../../bench/attendance-morning-server.ts', import.meta.url));

export interface LoadTestOptions {
  /** The PostgreSQL server the deployment uses: the test's own database is made there and dropped. */
  serverUrl: string;
  expectedPeakSavesPerSecond: number;
  /** Seconds of teachers arriving (60; quick: 5). */
  seconds: number;
  quick: boolean;
  log: (line: string) => void;
}

export interface LoadTestOutcome {
  targetSavesPerSecond: number;
  savesPerSecond: number;
  p99Ms: number;
  errors: number;
  /** The homeroom.bench/v1 document of the run. */
  result: unknown;
}

async function startServer(url: string, lifetimeSeconds: number) {
  const child = fork(SERVER, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_POOL_SIZE: '10', BENCH_SERVER_SECONDS: String(lifetimeSeconds), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number }) => (m.port ? resolve(m.port) : reject(new Error('the server did not start'))));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 10_000);
      child.on('message', (m: { stopped?: boolean }) => {
        if (m.stopped) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.send({ stop: true });
    });
  return { port, stop };
}

/** Teachers arriving at a steady rate, open loop: nobody waits for anybody, so a slow server shows as latency. */
async function replay(port: number, teachers: MorningTeacher[], perSecond: number, log: (line: string) => void) {
  const client = new LoadClient(port, 512);
  const next = seededRandom(20260817);
  const latencies: number[] = [];
  let acknowledged = 0;
  let errors = 0;
  const samples: string[] = [];
  const fail = (what: string) => {
    errors += 1;
    if (samples.length < 3) samples.push(what);
  };
  const started = performance.now();
  let lastAck = started;
  const morning = async (teacher: MorningTeacher) => {
    const headers = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
    const opened = await client.request('GET', `/api/sections/${teacher.sectionId}/attendance`, headers);
    const roster = JSON.parse(opened.body) as { date?: string; students?: Array<{ id: number }> };
    if (opened.status !== 200 || !roster.students) return fail(`GET ${opened.status}`);
    const marks = roster.students.filter(() => next() < 0.05).map((s) => ({ studentId: s.id, code: 'A' }));
    const t0 = performance.now();
    const saved = await client.request('PUT', `/api/sections/${teacher.sectionId}/attendance/${roster.date}`, { ...headers, 'content-type': 'application/json' }, JSON.stringify({ idempotencyKey: `load-${randomBytes(12).toString('base64url')}`, marks }));
    latencies.push(performance.now() - t0);
    if (saved.status !== 200) return fail(`PUT ${saved.status} ${saved.body.slice(0, 160)}`);
    acknowledged += 1;
    lastAck = performance.now();
  };
  const inFlight: Array<Promise<void>> = [];
  let progressAt = started + 5000;
  for (let i = 0; i < teachers.length; i++) {
    const due = started + (i / perSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() > progressAt) {
      progressAt += 5000;
      log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${acknowledged} saves acknowledged, ${errors} errors`);
    }
    inFlight.push(morning(teachers[i]!).catch((error: Error) => fail(`network: ${error.message}`)));
  }
  await Promise.all(inFlight);
  client.close();
  latencies.sort((a, b) => a - b);
  const seconds = Math.max(0.001, (lastAck - started) / 1000);
  return { acknowledged, errors, samples, seconds, latencies };
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestOutcome> {
  const target = options.expectedPeakSavesPerSecond * LOAD_TEST_FACTOR;
  const teacherCount = Math.max(20, Math.ceil(target * options.seconds));
  const name = `homeroom_load_test_${randomBytes(5).toString('hex')}`;
  options.log(`load test: ${teacherCount} teachers arriving at ${target} a second (10 × the expected peak of ${options.expectedPeakSavesPerSecond}), in a database of its own (${name})`);
  const url = await freshDatabase(options.serverUrl, name);
  let server: { port: number; stop: () => Promise<void> } | undefined;
  try {
    const migrated = await openDatabase({ kind: 'postgres', url }, { poolSize: 2 });
    await migrate(migrated.db);
    await migrated.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Ten extra teachers warm the server up (code compiled, statements planned), outside the measure.
    const district = await buildMorningDistrict(client, { teachers: teacherCount + 10, seed: 1 }, options.log).finally(() => client.end());
    server = await startServer(url, options.seconds * 4 + 180);
    const warmup = district.teachers.slice(0, 10);
    await replay(server.port, warmup, 20, () => undefined);
    const morning = await replay(server.port, district.teachers.slice(10, 10 + teacherCount), target, options.log);
    const savesPerSecond = round(morning.acknowledged / morning.seconds, 1);
    const latencyMs = { p50: round(percentile(morning.latencies, 50), 1), p95: round(percentile(morning.latencies, 95), 1), p99: round(percentile(morning.latencies, 99), 1), max: round(morning.latencies.at(-1) ?? 0, 1) };
    if (morning.samples.length) options.log(`  errors, for example: ${morning.samples.join(' | ')}`);
    const result = {
      format: 'homeroom.bench/v1',
      name: 'attendance-morning',
      quick: options.quick,
      date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      commit: 'deployment',
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, database: 'PostgreSQL' },
      results: [
        {
          case: 'load-test-x10',
          params: { mode: 'sustained', teachers: teacherCount, teachersPerSecond: target, expectedPeakSavesPerSecond: options.expectedPeakSavesPerSecond, durationSeconds: options.seconds },
          metrics: { savesAcknowledged: morning.acknowledged, savesPerSecond, latencyMs, errors: morning.errors, meetsGoal: morning.errors === 0 && savesPerSecond >= 0.99 * target && latencyMs.p99 < LOAD_TEST_P99_MS },
          baseline: null,
        },
      ],
    };
    return { targetSavesPerSecond: target, savesPerSecond, p99Ms: latencyMs.p99, errors: morning.errors, result };
  } finally {
    await server?.stop();
    await dropDatabase(options.serverUrl, name);
  }
}
