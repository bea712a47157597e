import type { SchoolYearPlan } from './calendar.ts';
import type { DistrictPlan, SchoolPlan } from './plan.ts';

/** What every school's generator needs to know about the district rows already written. */
export interface DistrictContext {
  seed: number;
  districtId: number;
  districtCode: string;
  plan: DistrictPlan;
  calendar: SchoolYearPlan[];
  schoolIds: number[];
  yearIds: Map<string, number>;
  /** `2026-27:S1` → term id. */
  termIds: Map<string, number>;
  /** `2026-27:S1-1` → grading period id. */
  gradingPeriodIds: Map<string, number>;
  courseIds: Map<string, number>;
  /** Schools by plan index, and the schools that feed each one. */
  feeders: Map<number, SchoolPlan[]>;
  /** Other schools of the same kind, the ones a student may transfer from. */
  sameKind: Map<string, SchoolPlan[]>;
}

export function lookup<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seed: nothing for ${String(key)}`);
  return value;
}
