// Runs the master-schedule builder off the main thread, then sections the school's current master
// schedule with the same student scheduler, so the preview compares like with like.
import { parentPort, workerData } from 'node:worker_threads';
import type { MasterInput, MasterScheduleOutput } from '@homeroom/core/formats/master';
import { buildMasterSchedule, sectioningJudge } from '@homeroom/core/scheduling/master-builder';

const { input, current, seed, timeLimitSeconds } = workerData as { input: MasterInput; current: MasterScheduleOutput; seed: number; timeLimitSeconds: number };
const now = () => performance.now();
// A fifth of the budget to section the schedule as it stands, and a fifth to section the proposal
// when the builder had too little time to judge it itself; the builder gets the rest.
const judgeSeconds = Math.max(1, timeLimitSeconds / 5);
const judge = sectioningJudge(seed, now);
const build = buildMasterSchedule(input, {
  seed,
  timeLimitSeconds: Math.max(1, timeLimitSeconds - 2 * judgeSeconds),
  now,
  ...(current.sections.length > 0 ? { incumbent: current } : {}),
  onProgress: (progress) => parentPort!.postMessage({ kind: 'progress', progress }),
});
if (build.status === 'built' && build.stats.judgement === null) build.stats.judgement = judge(build.instance, judgeSeconds);
// The builder judged the schedule as it stands when it could place it: those are the figures, since
// judging it a second time could give others (another budget) and show a difference not there.
const currentJudgement = build.status !== 'built' || current.sections.length === 0 ? null : (build.stats.incumbentJudgement ?? judge(current, judgeSeconds));
parentPort!.postMessage({ kind: 'result', result: { build, currentJudgement } });
