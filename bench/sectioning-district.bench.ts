import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { planDistrict } from '../packages/server/src/db/seed/plan.ts';
import { peakRssMiB, round, type BenchCase, type Benchmark } from './lib.ts';

interface SchoolOutcome {
  index: number;
  seconds: number;
  students: number;
  studentsComplete: number;
  requiredMet: number;
  requiredTotal: number;
}

/**
 * Every secondary school of the synthetic district scheduled by the student scheduler, on both
 * cores: the schools of the district plan (middle and high, with their sizes and periods), each a
 * generated school of that size, shared out to two worker threads biggest first.
 */
export const benchmark: Benchmark = {
  name: 'sectioning-district',
  description: "every secondary school of the synthetic district (650k students; quick: 65k) scheduled on both cores",
  needsPostgres: false,
  async run({ quick, log }) {
    const districtStudents = quick ? 65_000 : 650_000;
    const plan = planDistrict(1, districtStudents);
    const schools = plan.schools.filter((s) => s.kind !== 'elementary').map((s) => ({ index: s.index, students: s.students, periods: s.periods || 6 })).sort((a, b) => b.students - a.students);
    const workers = Math.max(1, Math.min(2, os.cpus().length));
    log(`${schools.length} secondary schools, ${schools.reduce((n, s) => n + s.students, 0).toLocaleString('en-US')} students, ${workers} workers`);
    const started = performance.now();
    const outcomes: SchoolOutcome[] = [];
    const queue = [...schools];
    await Promise.all(
      Array.from({ length: workers }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL('../packages/server/src/jobs/ts-worker.mjs', import.meta.url), { workerData: { entry: new URL('./sectioning-district.worker.ts', import.meta.url).href } });
          const next = () => worker.postMessage(queue.shift() ?? null);
          worker.on('message', (outcome: SchoolOutcome) => {
            outcomes.push(outcome);
            if (outcomes.length % 20 === 0) log(`${outcomes.length} of ${schools.length} schools, ${((performance.now() - started) / 1000).toFixed(0)} s`);
            next();
          });
          worker.once('online', next);
          worker.once('error', reject);
          worker.once('exit', () => resolve());
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const sum = (key: keyof SchoolOutcome) => outcomes.reduce((n, o) => n + o[key], 0);
    const slowest = outcomes.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const result: BenchCase = {
      case: `district-${districtStudents / 1000}k`,
      params: { districtStudents, schools: outcomes.length, workers, timeLimitSecondsPerSchool: 30, seed: 1 },
      metrics: {
        seconds: round(seconds, 1),
        students: sum('students'),
        studentsComplete: sum('studentsComplete'),
        requiredUnmet: sum('requiredTotal') - sum('requiredMet'),
        requiredTotal: sum('requiredTotal'),
        slowestSchool: { students: slowest.students, seconds: round(slowest.seconds, 1) },
        peakRssMiB: peakRssMiB(),
      },
      baseline: null,
    };
    return [result];
  },
};
