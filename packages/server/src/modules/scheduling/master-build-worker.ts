// Runs the master-schedule builder off the main thread, then sections the school's current master
// schedule with the same student scheduler, so the preview compares like with like.
import highs from 'highs';
import type { MasterInput, MasterScheduleOutput } from '@homeroom/core/formats/master';
import { buildMasterSchedule, sectioningJudge, type MasterBuildProgress } from '@homeroom/core/scheduling/master-builder';
import type { PlacementSolver } from '@homeroom/core/scheduling/master-milp';
import type { MasterBuildOutcome } from './run-master-build-in-worker.ts';
import { answerEachTask } from './worker-task.ts';

// HiGHS places sections by the requests (issue #24); should it fail to load, the builder still
// builds, greedily, as it did before.
const placementSolver = await highs().then((solver) => solver as unknown as PlacementSolver, () => undefined);

answerEachTask<{ input: MasterInput; current: MasterScheduleOutput; seed: number; timeLimitSeconds: number }, MasterBuildOutcome, MasterBuildProgress>(({ input, current, seed, timeLimitSeconds }, progress) => {
  const now = () => performance.now();
  // A fifth of the budget to section the schedule as it stands, and a fifth to section the proposal
  // when the builder could not judge both on like terms itself; the builder gets the rest.
  const judgeSeconds = Math.max(1, timeLimitSeconds / 5);
  const judge = sectioningJudge(seed, now);
  const build = buildMasterSchedule(input, {
    seed,
    timeLimitSeconds: Math.max(1, timeLimitSeconds - 2 * judgeSeconds),
    now,
    ...(current.sections.length > 0 ? { incumbent: current } : {}),
    ...(placementSolver ? { placementSolver } : {}),
    onProgress: progress,
  });
  // The builder judged the schedule as it stands when it could place it, with the same budget as its
  // proposal: those are the figures, since judging one again with another budget could show a
  // difference that is not there. Otherwise both are judged here, alike.
  let currentJudgement = build.status !== 'built' || current.sections.length === 0 ? null : (build.stats.incumbentJudgement ?? null);
  if (build.status === 'built' && current.sections.length > 0 && currentJudgement === null) {
    currentJudgement = judge(current, judgeSeconds);
    build.stats.judgement = judge(build.instance, judgeSeconds);
  }
  if (build.status === 'built' && build.stats.judgement === null) build.stats.judgement = judge(build.instance, judgeSeconds);
  if (build.status === 'built' && build.stats.judgement) delete build.stats.judgement.unmetByCourse;
  if (currentJudgement) delete currentJudgement.unmetByCourse;
  return { build, currentJudgement };
});
