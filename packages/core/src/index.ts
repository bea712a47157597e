// Student sectioning (the batch student scheduler): format, engine, judge, evidence, synthetic schools.
export * from './formats/sectioning.ts';
export { scheduleStudents, runSectioning, type ScheduleOptions, type SectioningProgress, type SectioningRun } from './scheduling/sectioning-engine.ts';
export { scoreSectioning, checkHardRules, type SectioningScore } from './scheduling/sectioning-score.ts';
export { sectioningLp, solveSectioningMilp, type LpSolver, type MilpOptions, type MilpOutcome, type MilpObjective } from './scheduling/sectioning-milp.ts';
export {
  generateSyntheticSchool, generateSchoolDemand, placeSections, CATALOG,
  type SyntheticSchoolOptions, type SchoolDemand, type DemandCourse, type CatalogCourse, type PlacedSection, type RoomType, type Term,
} from './scheduling/synthetic-school.ts';
export { randomSectioningInstance, type RandomInstanceOptions } from './scheduling/random-instance.ts';
export { SeededRandom } from './scheduling/random.ts';

// The master-schedule builder: format, shortages, builder, hard-rule check, baseline, synthetic schools.
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
