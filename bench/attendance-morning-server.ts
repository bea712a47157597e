// The Homeroom server for the attendance-morning benchmark, in a process of its own so that the
// load generator does not share its event loop: listens on loopback on a port the system picks,
// tells the parent the port, and stops when told to or when its time is up.
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { keepPlannerStatistics } from '../packages/server/src/db/planner-statistics.ts';
import { admissionFromEnv } from '../packages/server/src/cli/serve.ts';
import { warmUp } from '../packages/server/src/http/readiness.ts';
import { pgBossJobQueue, pgBossOptionsFromEnv, startPgBoss, type JobQueue } from '../packages/server/src/jobs/queue.ts';
import { systemClock } from '../packages/server/src/clock.ts';

// Every statement the server sends, counted and timed at the client (round trip, so it includes
// the wait for a busy database): statements per teacher is the figure that does not move with the
// shared machine's load. Keyed by the statement's opening words, which name it well enough.
const statements = new Map<string, { count: number; ms: number }>();
let counting = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  const result = query.apply(this, args);
  if (!counting) return result;
  // Keyed by the opening of the text as sent, tidied only for the report: the count must cost the
  // server next to nothing, or it would measure itself.
  const first = args[0] as string | { text?: string };
  const text = (typeof first === 'string' ? first : (first?.text ?? '?')).slice(0, 120);
  let entry = statements.get(text);
  if (!entry) statements.set(text, (entry = { count: 0, ms: 0 }));
  entry.count += 1;
  if (result instanceof Promise) {
    const started = performance.now();
    const counted = entry;
    result.then(
      () => (counted.ms += performance.now() - started),
      () => undefined,
    );
  }
  return result;
} as typeof pg.Client.prototype.query;

const url = process.env.BENCH_DATABASE_URL;
const lifetimeSeconds = Number(process.env.BENCH_SERVER_SECONDS ?? 600);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
if (!url || !process.send) {
  console.error('attendance-morning-server: run by the attendance-morning benchmark only');
  process.exit(2);
}
// BENCH_SERVE=1: as \`homeroom serve\` starts on PostgreSQL (the bell's servers): jobs queued for a
// worker, a bounded admission (HOMEROOM_MAX_CONCURRENT, HOMEROOM_MAX_QUEUED), listening at once
// but ready (/api/ready) only once warmed up. Otherwise a plain app, ready at once.
const serve = process.env.BENCH_SERVE === '1';
const handle = await openDatabase({ kind: 'postgres', url }, { poolSize });
let jobs: JobQueue | undefined;
if (serve) jobs = pgBossJobQueue(await startPgBoss(pgBossOptionsFromEnv(url), { supervise: false }), pgBossOptionsFromEnv(url));
const app = await buildApp(serve ? { db: handle.db, jobs, coldStart: true, admission: admissionFromEnv(process.env) } : { db: handle.db });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
if (serve) {
  // Listening first, as homeroom serve does: the bench asks /api/ready, as a load balancer would.
  process.send!({ port });
  await warmUp(app, handle.db, { connections: poolSize, clock: systemClock });
}
// As homeroom serve does on PostgreSQL.
const statistics = keepPlannerStatistics(handle.db);

const stop = async () => {
  await statistics.stop();
  await app.close().catch(() => undefined);
  await jobs?.close().catch(() => undefined);
  await handle.close().catch(() => undefined);
  const usage = process.resourceUsage();
  const peakRssMiB = Math.round((usage.maxRSS / 1024) * 10) / 10;
  process.send!({ stopped: true, peakRssMiB, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, systemCpuMs: usage.systemCPUTime / 1000 }, () => process.exit(0));
};
// Never outlive the benchmark, whatever happens to the parent.
setTimeout(() => void stop(), lifetimeSeconds * 1000).unref();
process.on('disconnect', () => void stop());
process.on('message', (message: { stop?: boolean; cpu?: boolean; count?: boolean }) => {
  if (message.stop) void stop();
  // The morning only: the warm-up before it and the statements' report after it are not counted.
  if (message.count !== undefined) {
    counting = message.count;
    if (!counting) {
      const report = new Map<string, { count: number; ms: number }>();
      for (const [text, s] of statements) {
        const tidy = text.replace(/\s+/g, ' ').trim().slice(0, 90);
        const entry = report.get(tidy) ?? { count: 0, ms: 0 };
        report.set(tidy, { count: entry.count + s.count, ms: entry.ms + s.ms });
      }
      process.send!({ statements: [...report].map(([text, s]) => ({ text, count: s.count, ms: Math.round(s.ms) })) });
    }
  }
  // The CPU time the server used so far, so the parent can take what the morning alone cost.
  if (message.cpu) {
    const usage = process.resourceUsage();
    process.send!({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, systemCpuMs: usage.systemCPUTime / 1000 });
  }
});
if (!serve) process.send({ port });
