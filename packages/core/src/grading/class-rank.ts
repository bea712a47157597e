/**
 * Class rank from exact GPAs: a GPA is the fraction points / count, compared by cross
 * multiplication of integers, never through a rounded decimal. Equal GPAs share a rank and the
 * next rank skips (1, 2, 2, 4), as transcripts print it.
 */
export interface RankedStudent<Id> {
  id: Id;
  /** Numerator of the GPA (points plus any bonus): an integer. */
  numerator: number;
  /** Number of marks counted: an integer; a student with none is not ranked. */
  count: number;
}

export function compareGpa(a: { numerator: number; count: number }, b: { numerator: number; count: number }): number {
  // Higher GPA first. numerator and count stay well below 2^26, so the products are exact.
  return b.numerator * a.count - a.numerator * b.count;
}

export function classRanks<Id>(students: readonly RankedStudent<Id>[]): Map<Id, { rank: number; of: number }> {
  const ranked = students.filter((s) => s.count > 0).sort(compareGpa);
  const ranks = new Map<Id, { rank: number; of: number }>();
  let rank = 0;
  for (let i = 0; i < ranked.length; i++) {
    if (i === 0 || compareGpa(ranked[i - 1]!, ranked[i]!) !== 0) rank = i + 1;
    ranks.set(ranked[i]!.id, { rank, of: ranked.length });
  }
  return ranks;
}
