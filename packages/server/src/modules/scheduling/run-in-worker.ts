import { Worker } from 'node:worker_threads';
import type { SectioningInstance, SectioningResult } from '@homeroom/core/formats/sectioning';
import type { SectioningProgress } from '@homeroom/core/scheduling/sectioning-engine';

/**
 * A module of this folder run in a worker thread with `data`: it posts `{ kind: 'progress' }`
 * messages as it goes and one `{ kind: 'result' }` at the end.
 */
export function runInWorker<Result, Progress>(entry: string, data: Record<string, unknown>, onProgress?: (p: Progress) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../jobs/ts-worker.mjs', import.meta.url), { workerData: { entry: new URL(entry, import.meta.url).href, ...data } });
    worker.on('message', (message: { kind: 'progress'; progress: Progress } | { kind: 'result'; result: Result }) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else resolve(message.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the scheduling worker stopped with code ${code}`));
    });
  });
}

/** The sectioning engine in a worker thread, with its progress reported as it goes. */
export function sectionInWorker(instance: SectioningInstance, options: { seed: number; timeLimitSeconds: number; onProgress?: (p: SectioningProgress) => void }): Promise<SectioningResult> {
  return runInWorker('./sectioning-worker.ts', { instance, seed: options.seed, timeLimitSeconds: options.timeLimitSeconds }, options.onProgress);
}
