export * from './formats/sectioning.ts';
export { scheduleStudents, runSectioning, type ScheduleOptions, type SectioningProgress } from './scheduling/sectioning-engine.ts';
export { scoreSectioning, checkHardRules, type SectioningScore } from './scheduling/sectioning-score.ts';
