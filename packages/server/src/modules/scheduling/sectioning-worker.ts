// Runs the core sectioning engine off the main thread: a school's run takes seconds of CPU, and
// the server must keep answering teachers taking attendance meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import type { SectioningInstance } from '@homeroom/core/formats/sectioning';
import { scheduleStudents } from '@homeroom/core/scheduling/sectioning-engine';

const { instance, seed, timeLimitSeconds } = workerData as { instance: SectioningInstance; seed: number; timeLimitSeconds: number };
let lastNote = 0;
const result = scheduleStudents(instance, {
  seed,
  timeLimitSeconds,
  now: () => performance.now(),
  onProgress: (progress) => {
    if (performance.now() - lastNote < 500) return;
    lastNote = performance.now();
    parentPort!.postMessage({ kind: 'progress', progress });
  },
});
parentPort!.postMessage({ kind: 'result', result });
