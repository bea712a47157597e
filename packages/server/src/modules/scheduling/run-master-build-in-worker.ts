import type { MasterInput, MasterScheduleOutput } from '@homeroom/core/formats/master';
import type { MasterBuild, MasterBuildProgress, SectioningJudgement } from '@homeroom/core/scheduling/master-builder';
import { runInWorker } from './run-in-worker.ts';

export interface MasterBuildOutcome {
  build: MasterBuild;
  currentJudgement: SectioningJudgement | null;
}

/**
 * The master-schedule builder in a worker thread, with its progress reported as it goes. The
 * thread ends with its build: a build is minutes, not the fraction a thread's start would save,
 * and each starts with a HiGHS no earlier build has used.
 */
export function buildMasterInWorker(input: MasterInput, current: MasterScheduleOutput, options: { seed: number; timeLimitSeconds: number; onProgress?: (p: MasterBuildProgress) => void }): Promise<MasterBuildOutcome> {
  return runInWorker('./master-build-worker.ts', { input, current, seed: options.seed, timeLimitSeconds: options.timeLimitSeconds }, options.onProgress, { keep: false });
}
