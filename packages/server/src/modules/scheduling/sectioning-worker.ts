// Runs the core sectioning engine off the main thread: a school's run takes seconds of CPU, and
// the server must keep answering teachers taking attendance meanwhile.
import type { SectioningInstance, SectioningResult } from '@homeroom/core/formats/sectioning';
import { scheduleStudents, type SectioningProgress } from '@homeroom/core/scheduling/sectioning-engine';
import { answerEachTask } from './worker-task.ts';

answerEachTask<{ instance: SectioningInstance; seed: number; timeLimitSeconds: number }, SectioningResult, SectioningProgress>(({ instance, seed, timeLimitSeconds }, progress) => {
  let lastNote = 0;
  return scheduleStudents(instance, {
    seed,
    timeLimitSeconds,
    now: () => performance.now(),
    onProgress: (p) => {
      if (performance.now() - lastNote < 500) return;
      lastNote = performance.now();
      progress(p);
    },
  });
});
