import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { ReadReplica } from '../db/read-replica.ts';
import type { Database } from '../db/schema.ts';
import { executeBackgroundJob, expectedSeconds, type BackgroundJob } from './background-job.ts';

/**
 * Where background work goes. A route enqueues inside the transaction that creates the job's row,
 * so that both are kept or neither (a server killed right after answering 202 loses no job), and
 * calls `started` once that transaction has committed.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  enqueue(trx: Transaction<Database>, job: BackgroundJob): Promise<void>;
  started(job: BackgroundJob): void;
  close(): Promise<void>;
}

/**
 * The embedded database's queue: the work runs in this process as soon as its row is committed.
 * The embedded database has one user, this process; there is no other to hand the work to.
 */
export function inProcessJobQueue(db: Kysely<Database>, replica?: ReadReplica): JobQueue {
  const running = new Set<Promise<void>>();
  return {
    kind: 'in-process',
    async enqueue() {},
    started(job) {
      const run = executeBackgroundJob(db, job, replica).catch(() => undefined);
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async close() {
      await Promise.all(running);
    },
  };
}

/** The one pg-boss queue every kind of background job goes through. */
export const JOB_QUEUE_NAME = 'homeroom-jobs';

export interface PgBossOptions {
  url: string;
  /** Seconds between pg-boss's checks for jobs whose worker died (they are retried); 60 unless said. */
  maintenanceIntervalSeconds?: number;
  /** Seconds added to a job's expected run before it is taken for dead (60); tests shorten it. */
  graceSeconds?: number;
  /** Connections of pg-boss's own pool. */
  poolSize?: number;
}

/** pg-boss settings from the environment (HOMEROOM_JOB_MAINTENANCE_SECONDS, HOMEROOM_JOB_GRACE_SECONDS). */
export function pgBossOptionsFromEnv(url: string, env: NodeJS.ProcessEnv = process.env): PgBossOptions {
  const number = (text: string | undefined) => (text?.trim() && Number.isFinite(Number(text)) && Number(text) >= 1 ? Math.round(Number(text)) : undefined);
  return { url, maintenanceIntervalSeconds: number(env.HOMEROOM_JOB_MAINTENANCE_SECONDS), graceSeconds: number(env.HOMEROOM_JOB_GRACE_SECONDS) };
}

/** Starts pg-boss (creating its schema and the queue when missing); `supervise` for workers only. */
export async function startPgBoss(options: PgBossOptions, role: { supervise: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.url,
    max: options.poolSize ?? 2,
    application_name: role.supervise ? 'homeroom-worker' : 'homeroom-server',
    supervise: role.supervise,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  // pg-boss reports a lost connection as an event; unheard, Node would crash the process on it.
  boss.on('error', () => undefined);
  await boss.start();
  // Three tries in all: a worker killed mid-run is one; a job that fails on its own three times is
  // a failed job, whose row says why.
  await boss.createQueue(JOB_QUEUE_NAME, { name: JOB_QUEUE_NAME, retryLimit: 2, retryDelay: 1 });
  return boss;
}

/** Seconds past a job's expected time before another worker may take it (HOMEROOM_JOB_GRACE_SECONDS). */
export const DEFAULT_GRACE_SECONDS = 300;

/**
 * PostgreSQL's queue: servers only enqueue; `homeroom worker` processes run the work (any number
 * of them, anywhere the database is reachable). A worker killed mid-run leaves its job active
 * until the job's expected time has passed, then pg-boss hands it to another worker.
 */
export function pgBossJobQueue(boss: PgBoss, options: { graceSeconds?: number } = {}): JobQueue {
  return {
    kind: 'pg-boss',
    async enqueue(trx, job) {
      // pg-boss writes its job row through the route's transaction.
      const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) };
      // The grace covers what a run does besides its engine's time limit (reading a school of
      // 3,000 students, writing the preview) on a busy machine: at 60 s, a district's scheduling
      // runs on loaded workers outlived it and pg-boss handed the biggest schools to a second
      // worker while the first was still working, spending two cores on one run.
      const expireInSeconds = expectedSeconds(job) + (options.graceSeconds ?? DEFAULT_GRACE_SECONDS);
      await boss.send(JOB_QUEUE_NAME, job, { db, expireInSeconds });
    },
    started() {},
    async close() {
      await boss.stop({ graceful: false, wait: true, close: true });
    },
  };
}

/**
 * Works the queue: `concurrency` jobs at a time, each to its end (its outcome committed) before
 * pg-boss marks it complete. Resolves once it is polling.
 */
export async function workJobs(
  boss: PgBoss,
  db: Kysely<Database>,
  options: { concurrency?: number; pollingIntervalSeconds?: number; onJob?: (job: BackgroundJob, event: 'start' | 'done') => void; replica?: ReadReplica } = {},
): Promise<void> {
  for (let i = 0; i < (options.concurrency ?? 1); i++) {
    await boss.work<BackgroundJob>(JOB_QUEUE_NAME, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      options.onJob?.(job!.data, 'start');
      await executeBackgroundJob(db, job!.data, options.replica);
      options.onJob?.(job!.data, 'done');
    });
  }
}
