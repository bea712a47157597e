import { Worker } from 'node:worker_threads';
import type { SectioningInstance, SectioningResult } from '@homeroom/core/formats/sectioning';
import type { SectioningProgress } from '@homeroom/core/scheduling/sectioning-engine';

/** The sectioning engine in a worker thread, with its progress reported as it goes. */
export function sectionInWorker(instance: SectioningInstance, options: { seed: number; timeLimitSeconds: number; onProgress?: (p: SectioningProgress) => void }): Promise<SectioningResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../jobs/ts-worker.mjs', import.meta.url), {
      workerData: { entry: new URL('./sectioning-worker.ts', import.meta.url).href, instance, seed: options.seed, timeLimitSeconds: options.timeLimitSeconds },
    });
    worker.on('message', (message: { kind: 'progress'; progress: SectioningProgress } | { kind: 'result'; result: SectioningResult }) => {
      if (message.kind === 'progress') options.onProgress?.(message.progress);
      else resolve(message.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the scheduling worker stopped with code ${code}`));
    });
  });
}
