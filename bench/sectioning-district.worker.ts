// One of the benchmark's two workers: generates each school it is handed and schedules it.
import { parentPort } from 'node:worker_threads';
import { scheduleStudents } from '../packages/core/src/scheduling/sectioning-engine.ts';
import { scoreSectioning } from '../packages/core/src/scheduling/sectioning-score.ts';
import { generateSyntheticSchool } from '../packages/core/src/scheduling/synthetic-school.ts';

parentPort!.on('message', (school: { index: number; students: number; periods: number } | null) => {
  if (school === null) return process.exit(0);
  const instance = generateSyntheticSchool({ students: school.students, periods: school.periods, seed: school.index, tightness: 0.5 });
  const started = performance.now();
  const result = scheduleStudents(instance, { seed: 1, timeLimitSeconds: 30, now: () => performance.now() });
  const seconds = (performance.now() - started) / 1000;
  const score = scoreSectioning(instance, result);
  parentPort!.postMessage({ index: school.index, seconds, students: score.students, studentsComplete: score.studentsComplete, requiredMet: score.requiredMet, requiredTotal: score.requiredTotal });
});
