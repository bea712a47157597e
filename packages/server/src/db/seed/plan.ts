import { PLACE_WORDS, STREET_WORDS } from './names.ts';
import { Random } from './random.ts';

/**
 * How the district is laid out before any row is generated: which schools, of what kind and
 * size, which elementary schools feed which middle school and which middle schools feed which high
 * school, and where each school's students fall in the district's numbering (so that local and
 * state ids are unique without any shared state between schools).
 */
export type SchoolKind = 'elementary' | 'middle' | 'high';

export interface SchoolPlan {
  index: number;
  kind: SchoolKind;
  code: string;
  stateCode: string;
  name: string;
  lowGrade: number;
  highGrade: number;
  students: number;
  /** Students per grade, lowGrade first. */
  gradeSizes: number[];
  /** Index in the district numbering of the school's first student. */
  firstStudent: number;
  /** The school this one's students go on to (middle → high, elementary → middle). */
  feedsInto: number | null;
  /** Periods in the school day (secondary schools). */
  periods: number;
}

export interface DistrictPlan {
  schools: SchoolPlan[];
  students: number;
}

// Shares of enrollment by level (TK counts as a third of a grade) and typical school sizes, as in
// the largest California district.
const SHARE = { elementary: 6.33 / 13.33, middle: 3 / 13.33, high: 4 / 13.33 };
const TYPICAL = { elementary: 400, middle: 1000, high: 2000 };
const GRADES: Record<SchoolKind, [number, number]> = { elementary: [-1, 5], middle: [6, 8], high: [9, 12] };

/** Schools for a district of this many students, ~650 students a school overall (LAUSD). */
export function defaultSchoolCount(students: number): number {
  return Math.max(3, Math.round(students / 650));
}

export function planDistrict(seed: number, students: number, schools?: number): DistrictPlan {
  const random = new Random(seed, 0x5c400);
  const total = Math.max(3, schools ?? defaultSchoolCount(students));
  const natural = (['elementary', 'middle', 'high'] as const).map((k) => (students * SHARE[k]) / TYPICAL[k]);
  const sum = natural.reduce((a, b) => a + b, 0);
  const counts = natural.map((n) => Math.max(1, Math.round((n * total) / sum)));
  // Rounding may miss the total by a school or two: elementary schools absorb the difference.
  counts[0] = Math.max(1, total - counts[1]! - counts[2]!);
  const plans: SchoolPlan[] = [];
  // High schools first so that the first high school (the demo school) is school 1001's neighbour
  // in every listing; then middle, then elementary.
  const order: Array<[SchoolKind, number]> = [['high', counts[2]!], ['middle', counts[1]!], ['elementary', counts[0]!]];
  let firstStudent = 0;
  const nameUsed = new Set<string>();
  for (const [kind, count] of order) {
    const [low, high] = GRADES[kind];
    // Elementary schools (last) take what rounding left, so the total is exact.
    const kindStudents = kind === 'elementary' ? students - firstStudent : Math.round(students * SHARE[kind]);
    // Sizes vary: a few very large high schools, many mid-sized ones.
    const weights = Array.from({ length: count }, () => (kind === 'high' ? 0.6 + random.next() * random.next() * 2.2 : 0.6 + random.next() * 0.8));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    let assigned = 0;
    for (let i = 0; i < count; i++) {
      const size = i === count - 1 ? kindStudents - assigned : Math.round((kindStudents * weights[i]!) / weightSum);
      assigned += size;
      const gradeCount = high - low + 1;
      const gradeWeights = Array.from({ length: gradeCount }, (_, g) => (low + g === -1 ? 0.35 : 1) * (0.92 + random.next() * 0.16));
      const gw = gradeWeights.reduce((a, b) => a + b, 0);
      const gradeSizes = gradeWeights.map((w) => Math.floor((size * w) / gw));
      let rest = size - gradeSizes.reduce((a, b) => a + b, 0);
      for (let g = gradeSizes.length - 1; rest > 0; g = (g + gradeSizes.length - 1) % gradeSizes.length, rest--) gradeSizes[g]!++;
      const index = plans.length;
      plans.push({
        index,
        kind,
        code: String(1001 + index),
        stateCode: `19${String(64733 + (index % 1000)).padStart(5, '0')}${String(1900000 + index * 37).padStart(7, '0')}`,
        name: schoolName(kind, i, random, nameUsed),
        lowGrade: low,
        highGrade: high,
        students: Math.max(0, size),
        gradeSizes,
        firstStudent,
        feedsInto: null,
        periods: kind === 'high' && random.chance(0.25) ? 7 : 6,
      });
      firstStudent += Math.max(0, size);
    }
  }
  const highs = plans.filter((s) => s.kind === 'high');
  const middles = plans.filter((s) => s.kind === 'middle');
  middles.forEach((m, i) => (m.feedsInto = highs[i % highs.length]!.index));
  plans.filter((s) => s.kind === 'elementary').forEach((e, i) => (e.feedsInto = middles[i % middles.length]!.index));
  return { schools: plans, students: firstStudent };
}

function schoolName(kind: SchoolKind, i: number, random: Random, used: Set<string>): string {
  const suffix = kind === 'high' ? 'High School' : kind === 'middle' ? 'Middle School' : 'Elementary School';
  for (let attempt = 0; ; attempt++) {
    const place = random.pick(PLACE_WORDS);
    const street = kind === 'elementary' || attempt > 5 ? ` ${random.pick(STREET_WORDS)}` : '';
    const name = attempt > 40 ? `${place}${street} ${suffix} No. ${i + 1}` : `${place}${street} ${suffix}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** The schools whose students move on to this one. */
export function feeders(plan: DistrictPlan, school: SchoolPlan): SchoolPlan[] {
  return plan.schools.filter((s) => s.feedsInto === school.index);
}
