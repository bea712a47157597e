import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { createJob } from '../../jobs/jobs.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { ConfigError } from '../../config.ts';
import { evaluationQueuedSince, watchedDistricts } from './alerts.repository.ts';

/** Minutes between evaluations of the alert rules (HOMEROOM_ALERT_MINUTES; 5 unless said, 0 for none). */
export function alertMinutesFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.HOMEROOM_ALERT_MINUTES?.trim();
  if (!text) return 5;
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) throw new ConfigError(`HOMEROOM_ALERT_MINUTES must be a whole number of minutes from 0 to 1440, got '${text}'`);
  return minutes;
}

/**
 * Queues an evaluation of each district's alert rules as a background job, unless one was queued
 * within the interval already (several servers each keep this timer; one of them queues). Two
 * queued at once are harmless: an evaluation raises an alert for a subject once.
 */
export async function queueAlertEvaluations(db: Kysely<Database>, jobs: JobQueue, minutes: number, clock: Clock = systemClock): Promise<number> {
  let queued = 0;
  for (const { id: districtId } of await watchedDistricts(db)) {
    const at = clock.now();
    const job = await db.transaction().execute(async (trx) => {
      if (await evaluationQueuedSince(trx, districtId, new Date(at.getTime() - minutes * 60_000 + 5_000))) return null;
      const row = await createJob(trx, { districtId, kind: 'alert-evaluation', params: { at: at.toISOString() }, requestedBy: null });
      const background = { kind: 'alert-evaluation' as const, districtId, jobId: row.id, at: at.toISOString() };
      await jobs.enqueue(trx, background);
      return background;
    });
    if (job) {
      jobs.started(job);
      queued += 1;
    }
  }
  return queued;
}

/** Evaluates the alert rules every `minutes` (0: never) until stopped; a failed round is tried again at the next. */
export function watchAlerts(db: Kysely<Database>, jobs: JobQueue, minutes: number, onError: (error: unknown) => void = () => undefined): { stop(): void } {
  if (minutes <= 0) return { stop() {} };
  const timer = setInterval(() => void queueAlertEvaluations(db, jobs, minutes).catch(onError), minutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
