import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './run-in-worker.ts';

/**
 * A worker module's side of `runInWorker`: each message is a task, answered with its progress and
 * then its result (or why it failed), after which the thread waits for the next task.
 */
export function answerEachTask<Data, Result, Progress>(run: (data: Data, progress: (p: Progress) => void) => Result | Promise<Result>): void {
  const post = (message: WorkerMessage<Result, Progress>) => parentPort!.postMessage(message);
  parentPort!.on('message', (data: Data) => {
    void (async () => {
      try {
        post({ kind: 'result', result: await run(data, (progress) => post({ kind: 'progress', progress })) });
      } catch (error) {
        post({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      }
    })();
  });
}
