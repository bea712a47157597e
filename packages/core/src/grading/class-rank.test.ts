import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classRanks, compareGpa } from './class-rank.ts';

describe('class rank', () => {
  it('ranks by exact GPA: ties share a rank and the next rank skips', () => {
    const ranks = classRanks([
      { id: 'a', numerator: 30, count: 10 }, // 3.0
      { id: 'b', numerator: 9, count: 3 }, // 3.0: a tie with a, though written differently
      { id: 'c', numerator: 37, count: 10 }, // 3.7
      { id: 'd', numerator: 10, count: 4 }, // 2.5
      { id: 'e', numerator: 0, count: 0 }, // no marks: not ranked
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ c: { rank: 1, of: 4 }, a: { rank: 2, of: 4 }, b: { rank: 2, of: 4 }, d: { rank: 4, of: 4 } });
  });

  it('tells apart GPAs that a rounded decimal would merge', () => {
    // 3.3333… and 3.3330: equal to three places, not equal.
    expect(compareGpa({ numerator: 10, count: 3 }, { numerator: 3333, count: 1000 })).toBeLessThan(0);
  });

  it('never ranks a lower GPA above a higher one, whatever the order of the list', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ numerator: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 80 }) }), { maxLength: 40 }), (list) => {
        const students = list.map((s, id) => ({ id, ...s }));
        const ranks = classRanks(students);
        for (const a of students)
          for (const b of students) {
            if (a.numerator * b.count > b.numerator * a.count) expect(ranks.get(a.id)!.rank).toBeLessThan(ranks.get(b.id)!.rank);
            if (a.numerator * b.count === b.numerator * a.count) expect(ranks.get(a.id)!.rank).toBe(ranks.get(b.id)!.rank);
          }
      }),
    );
  });
});
