
// The public API of @homeroom/core: the rules of school, pure and without I/O.

// Exchange formats
export * from './formats/transcript.ts';
export * as oneRosterCsv from './formats/oneroster/csv-binding.ts';

// Named, versioned sets
export { Registry, UnknownSetError } from './registry.ts';

// Grading: courses, repeats, credits, GPA rule sets
export { CREDIT_SCALE, toCreditUnits, fromCreditUnits } from './grading/credits.ts';
export { buildCourseModel, letterPoints, passes, attemptsCredits, termLabel, type CourseModel } from './grading/course-model.ts';
export { applyRepeatRule, RepeatStatus, type RepeatOutcome } from './grading/repeat-rule.ts';
export { firstPassingEntries, creditTotals, creditFigures, type CreditTotals } from './grading/earned-credits.ts';
export { ratio, type GpaDefinition, type GpaRuleSet, type GpaTally, type HonorsCap } from './grading/gpa-rule-set.ts';
export { computeGpa, evaluateGpa, type GpaResult } from './grading/gpa.ts';
export { ca2026, ucGpa, csuGpa, lausdDistrictGpa, ucGrade } from './grading/ca-2026.ts';
export { gpaRuleSets, DEFAULT_GPA_RULE_SET } from './grading/rule-sets.ts';
export { generateTranscripts, syntheticTranscript, type SyntheticOptions } from './grading/synthetic-transcripts.ts';

// Graduation: requirement sets as data, the audit engine
export type { MarkSelector, CountedMarkRule, Verdict, Requirement, OnTrackRule, RequirementSet } from './graduation/requirement-set.ts';
export { auditTranscript, countedEntries, type RequirementEvaluation } from './graduation/audit.ts';
export { lausd2027 } from './graduation/lausd-2027.ts';
export { caState220 } from './graduation/ca-state-220.ts';
export { requirementSets, DEFAULT_REQUIREMENT_SET } from './graduation/requirement-sets.ts';
export { courseStandings, courseRefusals, describeRefusal, type CourseStanding, type CourseStandings, type CourseRules, type CourseRefusal, type DecidingMark } from './graduation/course-standing.ts';
export { proposeCourseRequests, type CatalogCourse, type ProposedRequest, type CourseRequestInput } from './graduation/course-requests.ts';

// Scheduling: the student scheduler and its judge
export {
  SECTIONING_FORMAT, SECTIONING_RESULT_FORMAT, sectioningInstanceSchema,
  type SectioningInstance, type SectioningInstanceInput, type SectioningResult, type SectionAssignment, type UnmetRequest,
  type Course as SectioningCourse, type Section as SectioningSection, type CourseRequest as SectioningCourseRequest, type Student as SectioningStudent,
} from './formats/sectioning.ts';
export { checkMasterSchedule, type MasterScheduleWarning } from './scheduling/master-schedule-checks.ts';
export { studentScheduleStatus, type StudentScheduleStatus } from './scheduling/schedule-status.ts';
export { classRanks, compareGpa, type RankedStudent } from './grading/class-rank.ts';
export { scheduleStudents, runSectioning, type ScheduleOptions, type SectioningProgress, type SectioningRun } from './scheduling/sectioning-engine.ts';
export { scoreSectioning, checkHardRules, type SectioningScore } from './scheduling/sectioning-score.ts';
export { sectioningLp, solveSectioningMilp, type LpSolver, type MilpOptions, type MilpOutcome, type MilpObjective } from './scheduling/sectioning-milp.ts';
export {
  generateSyntheticSchool, generateSchoolDemand, placeSections, CATALOG,
  type SyntheticSchoolOptions, type SchoolDemand, type DemandCourse, type CatalogCourse as SyntheticCatalogCourse, type PlacedSection, type RoomType, type Term as ScheduleTerm,
} from './scheduling/synthetic-school.ts';
export { randomSectioningInstance, type RandomInstanceOptions } from './scheduling/random-instance.ts';
export { SeededRandom, seededRandom } from './random.ts';

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
