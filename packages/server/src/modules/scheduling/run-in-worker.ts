import { Worker } from 'node:worker_threads';
import type { SectioningInstance, SectioningResult } from '@homeroom/core/formats/sectioning';
import type { SectioningProgress } from '@homeroom/core/scheduling/sectioning-engine';

/** What a worker module of this folder posts back for each task: progress as it goes, then one outcome. */
export type WorkerMessage<Result, Progress> = { kind: 'progress'; progress: Progress } | { kind: 'result'; result: Result } | { kind: 'failed'; error: Error };

/**
 * A thread kept after its task for the next one: starting one (tsx, the core's modules, zod) cost
 * 0.6 s of CPU, a twentieth of a large school's run and most of a small one's, for each of a
 * district's 240 runs. An idle thread keeps no process alive and ends after a minute unused.
 */
const IDLE_MILLISECONDS = 60_000;
const idle = new Map<string, Array<{ worker: Worker; timer: NodeJS.Timeout }>>();

function takeWorker(entry: string): Worker {
  const parked = idle.get(entry)?.pop();
  if (parked) {
    clearTimeout(parked.timer);
    parked.worker.ref();
    return parked.worker;
  }
  const worker = new Worker(new URL('../../jobs/ts-worker.mjs', import.meta.url), { workerData: { entry } });
  // A task listens for its thread's failure; a parked thread's is only its own end.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    const list = idle.get(entry) ?? [];
    const at = list.findIndex((p) => p.worker === worker);
    if (at >= 0) clearTimeout(list.splice(at, 1)[0]!.timer);
  });
  return worker;
}

function park(entry: string, worker: Worker): void {
  worker.unref();
  const list = idle.get(entry) ?? [];
  const timer = setTimeout(() => void worker.terminate(), IDLE_MILLISECONDS);
  timer.unref();
  list.push({ worker, timer });
  idle.set(entry, list);
}

/**
 * A module of this folder run in a worker thread with `data` (see `answerEachTask`): it posts
 * progress as it goes and one outcome at the end. The thread is kept for the next task unless
 * `keep` is false or it stopped.
 */
export function runInWorker<Result, Progress>(entry: string, data: Record<string, unknown>, onProgress?: (p: Progress) => void, options: { keep?: boolean } = {}): Promise<Result> {
  const entryUrl = new URL(entry, import.meta.url).href;
  const worker = takeWorker(entryUrl);
  return new Promise<Result>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: WorkerMessage<Result, Progress>) => {
      if (message.kind === 'progress') {
        onProgress?.(message.progress);
        return;
      }
      done();
      if (options.keep === false) void worker.terminate();
      else park(entryUrl, worker);
      if (message.kind === 'result') resolve(message.result);
      else reject(message.error);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`the scheduling worker stopped with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(data);
  });
}

/** The sectioning engine in a worker thread, with its progress reported as it goes. */
export function sectionInWorker(instance: SectioningInstance, options: { seed: number; timeLimitSeconds: number; onProgress?: (p: SectioningProgress) => void }): Promise<SectioningResult> {
  return runInWorker('./sectioning-worker.ts', { instance, seed: options.seed, timeLimitSeconds: options.timeLimitSeconds }, options.onProgress);
}
