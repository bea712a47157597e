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
