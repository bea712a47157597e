import { describe, expect, it } from 'vitest';
import type { GpaDocument, Mark } from '../formats/transcript.ts';
import { mark, transcript } from '../testing/transcripts.ts';
import { ca2026, ucGpa } from './ca-2026.ts';
import { buildCourseModel } from './course-model.ts';
import { computeGpa, evaluateGpa } from './gpa.ts';
import { ratio, type GpaRuleSet } from './gpa-rule-set.ts';
import { gpaRuleSets } from './rule-sets.ts';

type Figures = Record<string, number | null>;
const gpa = (marks: Mark[], options: Parameters<typeof transcript>[1] = {}): GpaDocument => computeGpa(transcript(marks, options), ca2026);
const uc = (d: GpaDocument) => d.uc as Figures;
const csu = (d: GpaDocument) => d.csu as Figures;
const district = (d: GpaDocument) => d.district as Figures;
const sentence = (d: GpaDocument, i: number, which: 'uc' | 'csu' | 'district') => d.explanation[i]![which]!;

describe('ca-2026: the worked example of gpa.md', () => {
  const d = gpa([
    mark({ course: 'E9A', gradeLevel: 9, mark: 'A' }),
    mark({ course: 'E10HA', gradeLevel: 10, mark: 'B+', honors: 'honors', ucHonors: true }),
    mark({ course: 'E10HB', gradeLevel: 10, term: 'S2', mark: 'D', honors: 'honors', ucHonors: true }),
    mark({ course: 'E10HB', gradeLevel: 10, term: 'SU', mark: 'C', honors: 'honors', ucHonors: true }),
    mark({ course: 'E11A', gradeLevel: 11, mark: 'A-' }),
  ]);
  it('UC', () => {
    expect(uc(d)).toEqual({ points: 9, count: 3, bonusUncapped: 2, bonusCapped: 2, unweighted: 3, weightedCapped: 11 / 3, fullyWeighted: 11 / 3 });
  });
  it('district', () => {
    expect(district(d)).toEqual({ points: 13, count: 4, bonus: 2, unweighted: 3.25, weighted: 3.75 });
  });
  it('credits: E10HB earns its credit once, with the D', () => {
    expect(d.credits).toEqual({ attempted: 25, earned: 20 });
  });
  it('explains each mark', () => {
    expect(sentence(d, 0, 'uc')).toBe('excluded: grade 9 is outside the UC window');
    expect(sentence(d, 2, 'uc')).toBe('excluded: replaced by the repeat in 2024-25 SU');
    expect(sentence(d, 3, 'uc')).toBe('counted: 2 points + 1 honors (grade 10)');
    expect(sentence(d, 3, 'district')).toBe('counted: 2 points + 1 honors');
  });
});

describe('ca-2026: marks and points', () => {
  it('gives A 4, B 3, C 2, D 1, F 0 whatever the plus or minus', () => {
    const d = gpa(['A+', 'A-', 'B+', 'B-', 'C+', 'C-', 'D+', 'D-', 'F'].map((m) => mark({ mark: m as Mark['mark'] })));
    expect(district(d).points).toBe(4 + 4 + 3 + 3 + 2 + 2 + 1 + 1 + 0);
    expect(district(d).count).toBe(9);
  });

  it.each(['P', 'NP', 'CR', 'NC', 'I', 'W'] as const)('never counts the non-letter mark %s in any GPA', (m) => {
    const d = gpa([mark({ mark: m })]);
    expect([uc(d).count, csu(d).count, district(d).count]).toEqual([0, 0, 0]);
    for (const which of ['uc', 'csu', 'district'] as const) expect(sentence(d, 0, which)).toBe(`excluded: ${m} is not a letter mark`);
  });

  it('gives every GPA null, and zero figures, when nothing counts', () => {
    const d = gpa([mark({ gradeLevel: 9, ag: null, mark: 'P' })]);
    expect(uc(d)).toEqual({ points: 0, count: 0, bonusUncapped: 0, bonusCapped: 0, unweighted: null, weightedCapped: null, fullyWeighted: null });
    expect(csu(d)).toEqual({ points: 0, count: 0, bonus: 0, weighted: null });
    expect(district(d)).toEqual({ points: 0, count: 0, bonus: 0, unweighted: null, weighted: null });
  });

  it('divides exact integers only at the edge', () => {
    const d = gpa([mark({ mark: 'A' }), mark({ mark: 'A' }), mark({ mark: 'B' })]);
    expect(uc(d).unweighted).toBe(11 / 3);
    expect(uc(d).unweighted).toBe(3.6666666666666665);
  });
});

describe('ca-2026: windows', () => {
  it('UC and CSU take A-G marks of grades 10 and 11 only; the district takes 9–12, A-G or not', () => {
    const d = gpa([
      mark({ gradeLevel: 9 }),
      mark({ gradeLevel: 10 }),
      mark({ gradeLevel: 11 }),
      mark({ gradeLevel: 12 }),
      mark({ gradeLevel: 10, ag: null, subject: 'pe' }),
      mark({ gradeLevel: 8 }),
    ]);
    expect(uc(d).count).toBe(2);
    expect(csu(d).count).toBe(2);
    expect(district(d).count).toBe(5);
    expect(sentence(d, 3, 'uc')).toBe('excluded: grade 12 is outside the UC window');
    expect(sentence(d, 4, 'uc')).toBe('excluded: not an A-G course');
    expect(sentence(d, 4, 'district')).toMatch(/^counted/);
    expect(sentence(d, 5, 'uc')).toMatch(/^excluded: .*middle school/);
    expect(sentence(d, 5, 'district')).toMatch(/^excluded: .*middle school/);
  });

  it('places summer marks in the UC grade: after 9 and 10 in grade 10, after 11 in grade 11, after 12 nowhere', () => {
    const honors = { honors: 'ap', ucHonors: true } as const;
    const model = buildCourseModel(
      transcript([
        mark({ gradeLevel: 9, term: 'SU', ...honors }),
        mark({ gradeLevel: 10, term: 'SU', ...honors }),
        mark({ gradeLevel: 11, term: 'SU', ...honors }),
        mark({ gradeLevel: 12, term: 'SU', ...honors }),
      ]),
    );
    const result = evaluateGpa(model, ucGpa);
    expect(result.tally.count).toBe(3);
    expect([...result.tally.honorsByGrade]).toEqual([[10, 2], [11, 1]]);
    expect(result.sentences[0]).toBe('counted: 4 points + 1 honors (grade 10)');
    expect(result.sentences[3]).toBe('excluded: summer after grade 12 is outside the UC window');
  });

  it('counts a summer after grade 12 in the district GPA', () => {
    const d = gpa([mark({ gradeLevel: 12, term: 'SU', mark: 'B' })]);
    expect(district(d)).toMatchObject({ points: 3, count: 1 });
    expect(uc(d).count).toBe(0);
  });
});

describe('ca-2026: the repeat rule in the GPAs', () => {
  it('excludes every attempt after a first attempt of C or better', () => {
    const d = gpa([mark({ course: 'M', mark: 'C-' }), mark({ course: 'M', term: 'S2', mark: 'A' }), mark({ course: 'M', gradeLevel: 11, mark: 'F' })]);
    expect(uc(d)).toMatchObject({ points: 2, count: 1 });
    expect(sentence(d, 1, 'uc')).toBe('excluded: repeat of a course already passed with C or better (C- in 2024-25 S1)');
  });

  it('replaces a D or F by the first repeat, whatever its letter, and excludes later attempts', () => {
    const d = gpa([
      mark({ course: 'M', mark: 'D' }),
      mark({ course: 'M', term: 'S2', mark: 'F' }),
      mark({ course: 'M', gradeLevel: 11, mark: 'A' }),
    ]);
    expect(uc(d)).toMatchObject({ points: 0, count: 1 });
    expect(sentence(d, 0, 'uc')).toBe('excluded: replaced by the repeat in 2024-25 S2');
    expect(sentence(d, 1, 'uc')).toBe('counted: 0 points');
    expect(sentence(d, 2, 'uc')).toBe('excluded: a later attempt after the first repeat');
  });

  it('joins codes through a chain of repeats links into one course', () => {
    const d = gpa([
      mark({ course: '310101', mark: 'D' }),
      mark({ course: '810101', repeats: '310101', term: 'S2', mark: 'F' }),
      mark({ course: '710101', repeats: '810101', gradeLevel: 11, mark: 'A' }),
    ]);
    expect(uc(d)).toMatchObject({ points: 0, count: 1 });
    expect(d.credits).toEqual({ attempted: 15, earned: 5 });
  });

  it('joins two credit-recovery codes that repeat a code found nowhere else', () => {
    const d = gpa([mark({ course: '810101', repeats: '310101', mark: 'F' }), mark({ course: '820101', repeats: '310101', term: 'S2', mark: 'B' })]);
    expect(uc(d)).toMatchObject({ points: 3, count: 1 });
    expect(sentence(d, 0, 'uc')).toBe('excluded: replaced by the repeat in 2024-25 S2');
  });

  it('joins a course through an in-progress entry\'s repeats link', () => {
    const d = computeGpa(
      transcript([mark({ course: 'X', mark: 'F' }), mark({ course: 'Y', term: 'S2', mark: 'B' })], {
        inProgress: [mark({ course: 'Z', gradeLevel: 11, repeats: 'X' }), mark({ course: 'Z', gradeLevel: 11, repeats: 'Y' })],
      }),
      ca2026,
    );
    expect(uc(d)).toMatchObject({ points: 3, count: 1 });
  });

  it('lets a GPA keep the original when the repeat is outside its window', () => {
    const d = gpa([mark({ course: 'M', gradeLevel: 11, mark: 'D' }), mark({ course: 'M', gradeLevel: 12, mark: 'B' })]);
    expect(uc(d)).toMatchObject({ points: 1, count: 1 });
    expect(district(d)).toMatchObject({ points: 3, count: 1 });
    expect(sentence(d, 0, 'district')).toBe('excluded: replaced by the repeat in 2026-27 S1');
    expect(sentence(d, 1, 'uc')).toBe('excluded: grade 12 is outside the UC window');
  });

  it('never lets a grade-9 attempt outside the UC window block a grade-10 repeat', () => {
    const d = gpa([mark({ course: 'M', gradeLevel: 9, mark: 'A' }), mark({ course: 'M', gradeLevel: 10, mark: 'B' })]);
    expect(uc(d)).toMatchObject({ points: 3, count: 1 });
    expect(district(d)).toMatchObject({ points: 4, count: 1 });
  });

  it('keeps listing order within one term, whatever the codes', () => {
    const d = gpa([mark({ course: 'B', repeats: 'A', mark: 'C' }), mark({ course: 'A', mark: 'F' })]);
    expect(uc(d)).toMatchObject({ points: 2, count: 1 });
    expect(sentence(d, 1, 'uc')).toMatch(/^excluded: repeat of a course already passed/);
  });

  it('orders terms chronologically whatever the listing order', () => {
    const d = gpa([mark({ course: 'M', term: 'SU', mark: 'B' }), mark({ course: 'M', term: 'S2', mark: 'F' }), mark({ course: 'M', term: 'S1', mark: 'A' })]);
    expect(uc(d)).toMatchObject({ points: 4, count: 1 });
  });

  it('ignores non-letter marks as attempts: a P does not block the repeat of an F', () => {
    const d = gpa([mark({ course: 'M', mark: 'F' }), mark({ course: 'M', term: 'S2', mark: 'P' }), mark({ course: 'M', term: 'SU', mark: 'B' })]);
    expect(uc(d)).toMatchObject({ points: 3, count: 1 });
  });
});

describe('ca-2026: honors', () => {
  it('gives the honors point for A, B, C only', () => {
    const d = gpa(['A', 'B', 'C', 'D', 'F'].map((m) => mark({ mark: m as Mark['mark'], honors: 'ap', ucHonors: true })));
    expect(uc(d).bonusUncapped).toBe(3);
    expect(district(d).bonus).toBe(3);
  });

  it('UC and CSU read ucHonors; the district reads honors', () => {
    const d = gpa([mark({ honors: 'honors', ucHonors: false }), mark({ honors: 'none', ucHonors: true })]);
    expect(uc(d).bonusUncapped).toBe(1);
    expect(csu(d).bonus).toBe(1);
    expect(district(d).bonus).toBe(1);
  });

  it('caps at 4 from grade 10', () => {
    const d = gpa(Array.from({ length: 6 }, () => mark({ gradeLevel: 10, honors: 'ap', ucHonors: true })));
    expect(uc(d)).toMatchObject({ bonusUncapped: 6, bonusCapped: 4, weightedCapped: 28 / 6, fullyWeighted: 30 / 6 });
    expect(csu(d).bonus).toBe(4);
    expect(d.explanation[4]!.uc).toMatch(/^counted: 4 points \+ 1 honors \(grade 10\); honors point capped/);
  });

  it('caps at 8 in all, with at most 4 from grade 10', () => {
    const d = gpa([
      ...Array.from({ length: 5 }, () => mark({ gradeLevel: 10, honors: 'ap', ucHonors: true })),
      ...Array.from({ length: 6 }, () => mark({ gradeLevel: 11, honors: 'ap', ucHonors: true })),
    ]);
    expect(uc(d)).toMatchObject({ bonusUncapped: 11, bonusCapped: 8 });
    expect(d.explanation[10]!.uc).toMatch(/capped \(at most 8 in all\)/);
  });

  it('does not cap grade 11 below 8', () => {
    const d = gpa([mark({ gradeLevel: 10, honors: 'ap', ucHonors: true }), ...Array.from({ length: 7 }, () => mark({ gradeLevel: 11, honors: 'ap', ucHonors: true }))]);
    expect(uc(d)).toMatchObject({ bonusUncapped: 8, bonusCapped: 8 });
  });

  it('does not cap the district bonus', () => {
    const d = gpa(Array.from({ length: 12 }, (_, i) => mark({ gradeLevel: 9 + (i % 4), honors: 'honors' })));
    expect(district(d).bonus).toBe(12);
  });

  it('gives a nonresident the UC point for AP and IB only; CSU ignores residency', () => {
    const marks = (['honors', 'ap', 'ib', 'college'] as const).map((honors) => mark({ honors, ucHonors: true }));
    const d = gpa(marks, { residency: 'nonresident' });
    expect(uc(d).bonusUncapped).toBe(2);
    // Five honors marks for CSU (the college course counts twice), capped at 4 from grade 10.
    expect(csu(d).bonus).toBe(4);
    expect(sentence(d, 0, 'uc')).toBe('counted: 4 points (no honors point: nonresident, not AP/IB)');
    expect(uc(gpa(marks)).bonusUncapped).toBe(4);
  });
});

describe('ca-2026: college courses for CSU', () => {
  it('counts a college course twice for CSU, with two honors marks; once for UC and the district', () => {
    const d = gpa([mark({ honors: 'college', ucHonors: true, mark: 'B' }), mark({ gradeLevel: 11, mark: 'A' })]);
    expect(csu(d)).toEqual({ points: 10, count: 3, bonus: 2, weighted: 12 / 3 });
    expect(uc(d)).toMatchObject({ points: 7, count: 2, bonusUncapped: 1 });
    expect(district(d)).toMatchObject({ points: 7, count: 2, bonus: 1 });
    expect(sentence(d, 0, 'csu')).toBe('counted twice (college course): 2 x 3 points + 2 honors (grade 10)');
  });

  it('counts a college course without ucHonors twice for CSU, with no honors point', () => {
    const d = gpa([mark({ honors: 'college', ucHonors: false, mark: 'C' })]);
    expect(csu(d)).toEqual({ points: 4, count: 2, bonus: 0, weighted: 2 });
    expect(district(d).bonus).toBe(1);
  });
});

describe('ca-2026: credits', () => {
  it('adds credits exactly: 2.5 + 2.5 = 5 and 0.1 + 0.2 = 0.3', () => {
    expect(gpa([mark({ credits: 2.5 }), mark({ credits: 2.5 })]).credits).toEqual({ attempted: 5, earned: 5 });
    expect(gpa([mark({ credits: 0.1 }), mark({ credits: 0.2 })]).credits).toEqual({ attempted: 0.3, earned: 0.3 });
  });

  it('attempts letter, P, NP, CR and NC marks, not I or W; earns A–D, P and CR', () => {
    const d = gpa((['A', 'D', 'F', 'P', 'NP', 'CR', 'NC', 'I', 'W'] as const).map((m) => mark({ mark: m })));
    expect(d.credits).toEqual({ attempted: 35, earned: 20 });
  });

  it('keeps the D\'s credit when the D is repeated with an F', () => {
    expect(gpa([mark({ course: 'M', mark: 'D' }), mark({ course: 'M', term: 'S2', mark: 'F' })]).credits).toEqual({ attempted: 10, earned: 5 });
  });

  it('earns a course passed twice once, with its first passing mark', () => {
    const d = gpa([mark({ course: 'M', mark: 'P', credits: 2.5 }), mark({ course: 'N', repeats: 'M', term: 'S2', mark: 'A', credits: 5 })]);
    expect(d.credits).toEqual({ attempted: 7.5, earned: 2.5 });
  });

  it('counts every grade level and term, middle school included', () => {
    expect(gpa([mark({ gradeLevel: 7 }), mark({ gradeLevel: 12, term: 'SU' })]).credits).toEqual({ attempted: 10, earned: 10 });
  });
});

describe('GPA rule sets', () => {
  it('registers ca-2026 by name and lists the known sets for an unknown one', () => {
    expect(gpaRuleSets.get('ca-2026')).toBe(ca2026);
    expect(() => gpaRuleSets.get('ca-2099')).toThrow("unknown GPA rule set 'ca-2099'; known: ca-2026");
  });

  it('runs a district\'s own rule set without touching the engine', () => {
    // A 5-point scale district: every letter mark of grades 9–12, AP and IB worth one more,
    // capped at 2 a grade, and no more than 3 in all.
    const fivePoint: GpaRuleSet = {
      name: 'test-five-point',
      description: 'test',
      gpas: [
        {
          id: 'school',
          label: 'school',
          window: (m) => (m.gradeLevel >= 9 ? m.gradeLevel : 'middle school'),
          honorsPoint: (m) => m.honors === 'ap' || m.honors === 'ib',
          cap: { perGrade: { 9: 2, 10: 2, 11: 2, 12: 2 }, total: 3 },
          showHonorsGrade: false,
          report: (t) => ({ points: t.points, count: t.count, bonus: t.bonusCapped, gpa: ratio(t.points + t.bonusCapped, t.count) }),
        },
      ],
    };
    const d = computeGpa(
      transcript([
        mark({ gradeLevel: 7 }),
        mark({ gradeLevel: 9, honors: 'ap', mark: 'F' }),
        ...Array.from({ length: 3 }, () => mark({ gradeLevel: 10, honors: 'ib' })),
        mark({ gradeLevel: 11, honors: 'ap' }),
        mark({ gradeLevel: 12, honors: 'ap' }),
      ]),
      fivePoint,
    );
    expect(d.school).toEqual({ points: 20, count: 6, bonus: 3, gpa: 23 / 6 });
    expect(d.uc).toBeUndefined();
    expect(d.explanation[0]!.school).toBe('excluded: middle school');
    expect(d.explanation[6]!.school).toMatch(/^counted: 4 points \+ 1 honors; honors point capped \(at most 3 in all\)/);
  });
});
