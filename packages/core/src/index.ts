export * from './formats/sectioning.ts';
export { scheduleStudents, runSectioning, type ScheduleOptions, type SectioningProgress } from './scheduling/sectioning-engine.ts';
export { scoreSectioning, checkHardRules, type SectioningScore } from './scheduling/sectioning-score.ts';
export {
  validateMasterInput, schoolSlots, type MasterInput, type MasterCourse, type MasterTeacher, type MasterRoom, type MasterLock,
  type MasterStudent, type MasterScheduleOutput, type ScheduledSection, type MasterValidation,
} from './formats/master.ts';
export {
  buildMasterSchedule, sectioningJudge, type MasterBuild, type MasterBuildOptions, type MasterBuildProgress, type MasterBuildStats,
  type SectioningJudge, type SectioningJudgement,
} from './scheduling/master-builder.ts';
export { spreadEvenlyMasterSchedule, type MasterBuildResult } from './scheduling/master-baseline.ts';
export { checkMasterHardRules } from './scheduling/master-check.ts';
export { findMasterShortages } from './scheduling/master-feasibility.ts';
export { buildSchoolModel } from './scheduling/master-model.ts';
export { syntheticMasterInput, type SyntheticMasterOptions } from './scheduling/synthetic-master.ts';
