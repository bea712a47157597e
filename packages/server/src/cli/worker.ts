import { loadConfig } from '../config.ts';
import { alertMailFromEnv } from '../modules/alerts/send-alert-digests.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { ReadReplica } from '../db/read-replica.ts';
import { migrationStatus } from '../db/migrator.ts';
import { pgBossOptionsFromEnv, startPgBoss, workJobs } from '../jobs/queue.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run background jobs (scheduling runs, recomputes) queued by the servers',
  help: `Usage: homeroom worker [--concurrency N]

Runs the background jobs that servers queue on PostgreSQL (pg-boss): scheduling runs,
master-schedule builds, GPA and audit recomputes, course-request generation. Start as
many as you like, anywhere DATABASE_URL reaches; each takes one job at a time per
--concurrency. A worker stopped or killed mid-job loses nothing: the job's outcome is
committed at its end, in one transaction, and the queue gives an unfinished job to another
worker once its expected time has passed (its time limit plus HOMEROOM_JOB_GRACE_SECONDS).
The embedded database runs jobs inside 'homeroom serve' and needs no worker.

Options:
  --concurrency N   jobs at a time (default 1; a scheduling run keeps one core busy)

Environment:
  DATABASE_URL (required), DATABASE_PREPARED_STATEMENTS (off behind PgBouncer),
  DATABASE_READ_URL (a streaming replica: the OneRoster export reads the district from it),
  HOMEROOM_JOB_MAINTENANCE_SECONDS (60: how often dead workers' jobs are looked for),
  HOMEROOM_JOB_GRACE_SECONDS (300), SMTP_URL, SMTP_FROM, PUBLIC_URL (alert e-mail: see
  docs/operations.md)
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { concurrency: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${values.concurrency}'`);
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      // Alert digests are mailed by the jobs this worker runs: a mistyped SMTP_URL stops it now.
      alertMailFromEnv(process.env);
      if (config.database.kind !== 'postgres') {
        io.stderr.write("homeroom worker: the embedded database runs its jobs inside 'homeroom serve'; workers are for PostgreSQL (set DATABASE_URL)\n");
        return EXIT.invalidInput;
      }
      const handle = await openAndCheckDatabase(config.database, { poolSize: Math.max(4, concurrency * 3) });
      const { pending } = await migrationStatus(handle.db);
      if (pending.length) {
        await handle.close();
        io.stderr.write(`homeroom: ${pending.length} migration(s) pending: run 'homeroom migrate' first\n`);
        return EXIT.invalidInput;
      }
      const replicaHandle = config.readDatabase ? await openAndCheckDatabase(config.readDatabase, { poolSize: Math.max(2, concurrency) }) : null;
      const boss = await startPgBoss(pgBossOptionsFromEnv(config.database.url), { supervise: true });
      const say = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
      if (replicaHandle) say('exports read from the replica (DATABASE_READ_URL)');
      await workJobs(boss, handle.db, {
        concurrency,
        ...(replicaHandle ? { replica: new ReadReplica(replicaHandle.db) } : {}),
        onJob: (job, event) => say(`${event === 'start' ? 'started' : 'finished'} ${job.kind} ${'runId' in job ? `run ${job.runId}` : `job ${job.jobId}`}`),
      });
      say(`homeroom worker: working jobs (${concurrency} at a time); stop with Ctrl+C`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      // Graceful: the jobs running now finish (up to pg-boss's timeout) before the worker leaves.
      await boss.stop({ graceful: true, wait: true, close: true, timeout: 30_000 });
      await replicaHandle?.close();
      await handle.close();
      return EXIT.ok;
    });
  },
};
