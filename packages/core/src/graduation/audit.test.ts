import { describe, expect, it } from 'vitest';
import type { AuditDocument, InProgressCourse, Mark, RequirementVerdict } from '../formats/transcript.ts';
import { course, mark, transcript } from '../testing/transcripts.ts';
import { auditTranscript } from './audit.ts';
import { caState220 } from './ca-state-220.ts';
import { lausd2027 } from './lausd-2027.ts';
import type { RequirementSet } from './requirement-set.ts';
import { requirementSets } from './requirement-sets.ts';

type Options = Parameters<typeof transcript>[1];
const audit = (marks: Mark[], options: Options = {}, set: RequirementSet = lausd2027): AuditDocument => auditTranscript(transcript(marks, options), set);
const verdict = (d: AuditDocument, id: string, which: 'diploma' | 'ag' = 'diploma'): RequirementVerdict => {
  const requirement = d.requirements.find((r) => r.id === id);
  if (!requirement) throw new Error(`no requirement ${id}`);
  return requirement[which] as RequirementVerdict;
};

/** A senior who has done everything lausd-2027 asks, with A marks: 42 semester courses, 210 credits. */
function completeSenior(): Mark[] {
  const marks: Mark[] = [];
  const add = (n: number, fields: Partial<Mark>) => {
    for (let i = 0; i < n; i++) marks.push(mark({ gradeLevel: 9 + (marks.length % 4), term: i % 2 ? 'S2' : 'S1', ...fields }));
  };
  add(2, { ag: 'a', subject: 'social', tags: ['world-history'] });
  add(2, { ag: 'a', subject: 'social', tags: ['us-history'] });
  add(8, { ag: 'b', subject: 'english' });
  add(6, { ag: 'c', subject: 'math' });
  add(4, { ag: 'd', subject: 'science' });
  add(4, { ag: 'e', subject: 'language', language: 'spanish' });
  add(2, { ag: 'f', subject: 'arts' });
  add(2, { ag: 'g', subject: 'elective' });
  add(1, { ag: 'a', subject: 'social', tags: ['gov'] });
  add(1, { ag: 'g', subject: 'social', tags: ['econ'] });
  add(1, { ag: null, subject: 'health', tags: ['health'] });
  add(4, { ag: null, subject: 'pe' });
  add(1, { ag: 'a', subject: 'social', tags: ['ethnic-studies'] });
  add(4, { ag: null, subject: 'elective' });
  return marks;
}

describe('lausd-2027: verdicts', () => {
  it('meets the diploma and A-G with everything passed', () => {
    const d = audit(completeSenior());
    expect(d.diploma).toEqual({ met: true });
    expect(d.ag).toEqual({ met: true });
    expect(d.onTrack).toBe(true);
    expect(verdict(d, 'total')).toMatchObject({ status: 'met', earned: 210, needed: 0 });
  });

  it('lists requirements in the order of the set, with an A-G verdict for a–g only', () => {
    const d = audit([]);
    expect(d.requirements.map((r) => r.id)).toEqual(['a-world', 'a-us', 'b', 'c', 'd', 'e', 'f', 'g', 'gov', 'econ', 'health', 'pe', 'ethnic', 'total']);
    expect(d.requirements.map((r) => 'ag' in r)).toEqual([true, true, true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(d).toMatchObject({ format: 'homeroom.audit/v1', student: '1', requirementSet: 'lausd-2027', diploma: { met: false }, ag: { met: false } });
  });

  it('does not let gov, econ, health, pe, ethnic or total decide A-G', () => {
    const marks = completeSenior().filter((m) => m.ag !== null && !m.tags.includes('econ'));
    const d = audit(marks);
    expect(d.ag).toEqual({ met: true });
    expect(d.diploma).toEqual({ met: false });
  });
});

describe('lausd-2027: counted marks', () => {
  it('counts a D for the diploma and its credit-recovery C for A-G (the Algebra 1A example)', () => {
    const d = audit([
      mark({ course: '310101', ag: 'c', subject: 'math', mark: 'D' }),
      mark({ course: '810101', repeats: '310101', ag: null, subject: 'math', term: 'S2', mark: 'C' }),
    ]);
    expect(verdict(d, 'c')).toMatchObject({ earned: 5, courses: ['310101'] });
    expect(verdict(d, 'c', 'ag')).toMatchObject({ earned: 0, courses: [] });
    expect(verdict(d, 'total')).toMatchObject({ earned: 5, courses: ['310101'] });
  });

  it('keeps the diploma credit of a D repeated with an F; A-G counts neither', () => {
    const d = audit([mark({ course: 'E', mark: 'D' }), mark({ course: 'E', term: 'S2', mark: 'F' })]);
    expect(verdict(d, 'b')).toMatchObject({ earned: 5, courses: ['E'] });
    expect(verdict(d, 'b', 'ag')).toMatchObject({ earned: 0, courses: [] });
  });

  it('counts P and CR for the diploma, never for A-G', () => {
    const d = audit([mark({ mark: 'P' }), mark({ mark: 'CR' }), mark({ mark: 'NP' }), mark({ mark: 'NC' }), mark({ mark: 'I' }), mark({ mark: 'W' })]);
    expect(verdict(d, 'b').earned).toBe(10);
    expect(verdict(d, 'b', 'ag').earned).toBe(0);
  });

  it('never counts an attempt after a D or F and its first repeat for A-G', () => {
    const d = audit([mark({ course: 'E', mark: 'F' }), mark({ course: 'E', term: 'S2', mark: 'D' }), mark({ course: 'E', term: 'SU', mark: 'A' })]);
    expect(verdict(d, 'b', 'ag').earned).toBe(0);
    expect(verdict(d, 'b').earned).toBe(5);
  });

  it('counts a course passed twice once for each verdict', () => {
    const d = audit([mark({ course: 'E', mark: 'B' }), mark({ course: 'E2', repeats: 'E', term: 'S2', mark: 'A' })]);
    expect(verdict(d, 'b')).toMatchObject({ earned: 5, courses: ['E'] });
    expect(verdict(d, 'b', 'ag')).toMatchObject({ earned: 5, courses: ['E'] });
  });

  it('counts every grade level and term: middle school and a summer after grade 12', () => {
    const d = audit([mark({ course: 'M', gradeLevel: 8, ag: 'c' }), mark({ course: 'S', gradeLevel: 12, term: 'SU', ag: 'c' })]);
    expect(verdict(d, 'c', 'ag')).toMatchObject({ earned: 10, courses: ['M', 'S'] });
  });

  it('counts a mark toward every requirement it matches, and exact decimal credits', () => {
    const d = audit([mark({ course: 'US', ag: 'a', tags: ['us-history'], credits: 2.5 }), mark({ course: 'US2', ag: 'a', tags: ['us-history'], credits: 2.5 })]);
    expect(verdict(d, 'a-us')).toMatchObject({ earned: 5, needed: 5, courses: ['US', 'US2'] });
    expect(verdict(d, 'total').earned).toBe(5);
  });

  it('does not count JROTC toward PE', () => {
    const d = audit([mark({ ag: 'g', subject: 'rotc' }), mark({ ag: null, subject: 'pe' })]);
    expect(verdict(d, 'pe')).toMatchObject({ earned: 5 });
    expect(verdict(d, 'g')).toMatchObject({ earned: 5 });
    expect(verdict(d, 'total')).toMatchObject({ earned: 10 });
  });

  it('counts only ag "a" marks toward a-world and a-us in the A-G verdict', () => {
    const d = audit([mark({ course: 'W', ag: null, tags: ['world-history'] }), mark({ course: 'U', ag: 'a', tags: ['us-history'] })]);
    expect(verdict(d, 'a-world')).toMatchObject({ earned: 5, courses: ['W'] });
    expect(verdict(d, 'a-world', 'ag')).toMatchObject({ earned: 0, courses: [] });
    expect(verdict(d, 'a-us', 'ag')).toMatchObject({ earned: 5, courses: ['U'] });
  });

  it('caps earned at the requirement but lists every counted course', () => {
    const d = audit(Array.from({ length: 3 }, (_, i) => mark({ course: `A${i}`, ag: 'f' })));
    expect(verdict(d, 'f')).toEqual({ status: 'met', earned: 10, inProgress: 0, needed: 0, courses: ['A0', 'A1', 'A2'] });
  });
});

describe('lausd-2027: e, one language', () => {
  const e = (course: string, language: string, extra: Partial<Mark> = {}) => mark({ course, ag: 'e', subject: 'language', language, ...extra });

  it('counts the language with the most passing credits', () => {
    const d = audit([e('F1', 'french'), e('S1', 'spanish'), e('S2', 'spanish', { term: 'S2' }), e('F2', 'french', { mark: 'F', term: 'S2' })]);
    expect(verdict(d, 'e')).toMatchObject({ earned: 10, needed: 10, courses: ['S1', 'S2'] });
  });

  it('on a tie, shows the language first in code-point order', () => {
    const d = audit([e('S1', 'spanish'), e('F1', 'french'), e('S2', 'spanish', { term: 'S2' }), e('F2', 'french', { term: 'S2' })]);
    expect(verdict(d, 'e')).toMatchObject({ earned: 10, courses: ['F1', 'F2'] });
  });

  it('chooses the language per verdict', () => {
    // French passed with D twice: 10 diploma credits; Spanish B: 5. A-G sees only Spanish.
    const d = audit([e('F1', 'french', { mark: 'D' }), e('F2', 'french', { mark: 'D' }), e('S1', 'spanish', { mark: 'B' })]);
    expect(verdict(d, 'e')).toMatchObject({ earned: 10, courses: ['F1', 'F2'] });
    expect(verdict(d, 'e', 'ag')).toMatchObject({ earned: 5, courses: ['S1'] });
  });
});

describe('lausd-2027: g and the overflow of a–f', () => {
  it('counts English beyond 40 credits toward g', () => {
    const d = audit(Array.from({ length: 10 }, (_, i) => mark({ course: `E${i}` })));
    expect(verdict(d, 'b')).toMatchObject({ status: 'met', earned: 40 });
    expect(verdict(d, 'g')).toMatchObject({ status: 'met', earned: 10 });
    expect(verdict(d, 'g').courses).toHaveLength(10);
  });

  it('counts an ag "a" course in neither history entirely toward g', () => {
    const d = audit([mark({ course: 'GOV', ag: 'a', tags: ['gov'] }), mark({ course: 'WH', ag: 'a', tags: ['world-history'] })]);
    expect(verdict(d, 'g')).toMatchObject({ earned: 5, courses: ['GOV', 'WH'] });
  });

  it('uses a course tagged world and US history once, so area a never gives g less than nothing', () => {
    const both = mark({ course: 'BOTH', ag: 'a', tags: ['world-history', 'us-history'] });
    const d = audit([both, mark({ course: 'WH', ag: 'a', tags: ['world-history'] })]);
    expect(verdict(d, 'a-world')).toMatchObject({ earned: 10 });
    expect(verdict(d, 'a-us')).toMatchObject({ earned: 5 });
    // total_a 10, used_a = min(10, min(10, 10) + min(10, 5)) = 10: nothing left for g.
    expect(verdict(d, 'g')).toMatchObject({ earned: 0, courses: [] });
    const withGov = audit([both, mark({ course: 'WH', ag: 'a', tags: ['world-history'] }), mark({ course: 'GOV', ag: 'a', tags: ['gov'] })]);
    // total_a 15, used_a = min(15, 15) = 15.
    expect(verdict(withGov, 'g').earned).toBe(0);
    const more = audit([both, mark({ course: 'GOV', ag: 'a', tags: ['gov'] }), mark({ course: 'GOV2', ag: 'a', tags: ['gov'] })]);
    // total_a 15, used_a = min(15, 5 + 5) = 10.
    expect(verdict(more, 'g')).toMatchObject({ earned: 5, courses: ['BOTH', 'GOV', 'GOV2'] });
  });

  it('counts the languages not chosen and the chosen one beyond 20 toward g', () => {
    const marks = [
      ...Array.from({ length: 6 }, (_, i) => mark({ course: `S${i}`, ag: 'e', language: 'spanish' })),
      mark({ course: 'F1', ag: 'e', language: 'french' }),
    ];
    const d = audit(marks);
    expect(verdict(d, 'e').earned).toBe(20);
    expect(verdict(d, 'g')).toMatchObject({ status: 'met', earned: 10 });
    // Overflow is reported uncapped in status and needed, capped in earned: 15 credits.
    expect(verdict(audit([...marks, mark({ course: 'F2', ag: 'e', language: 'french' })]), 'g').earned).toBe(10);
  });

  it('adds ag "g" courses and the overflow of every area', () => {
    const d = audit([mark({ course: 'G', ag: 'g' }), mark({ course: 'F1', ag: 'f' }), mark({ course: 'F2', ag: 'f' }), mark({ course: 'F3', ag: 'f' })]);
    expect(verdict(d, 'g')).toMatchObject({ status: 'met', earned: 10, courses: ['G', 'F1', 'F2', 'F3'] });
  });
});

describe('lausd-2027: in-progress courses', () => {
  const ip = (fields: Partial<InProgressCourse>) => course({ gradeLevel: 12, ...fields });

  it('adds what the in-progress courses would add, uncapped, and sets in_progress', () => {
    const d = audit(Array.from({ length: 7 }, (_, i) => mark({ course: `E${i}` })), { inProgress: [ip({ course: 'E7' }), ip({ course: 'E8' })] });
    expect(verdict(d, 'b')).toEqual({ status: 'in_progress', earned: 35, inProgress: 10, needed: 0, courses: ['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6'] });
  });

  it('reports in-progress credits uncapped even when met', () => {
    const d = audit([mark({ ag: 'f' }), mark({ ag: 'f' })], { inProgress: [ip({ ag: 'f' })] });
    expect(verdict(d, 'f')).toMatchObject({ status: 'met', earned: 10, inProgress: 5, needed: 0 });
  });

  it('is missing with what is still needed when in-progress courses are not enough', () => {
    const d = audit([mark({ ag: 'c' })], { inProgress: [ip({ ag: 'c' })] });
    expect(verdict(d, 'c')).toMatchObject({ status: 'missing', earned: 5, inProgress: 5, needed: 20 });
  });

  it('adds to A-G, not to the diploma, for a course being repeated after a D', () => {
    const d = audit([mark({ course: 'E', mark: 'D' })], { inProgress: [ip({ course: 'E' })] });
    expect(verdict(d, 'b')).toMatchObject({ earned: 5, inProgress: 0 });
    expect(verdict(d, 'b', 'ag')).toMatchObject({ earned: 0, inProgress: 5 });
  });

  it('adds nothing for a course that already counts, or one after a D or F and its first repeat', () => {
    const d = audit([mark({ course: 'A', mark: 'B' }), mark({ course: 'X', mark: 'F' }), mark({ course: 'X', term: 'S2', mark: 'D' })], {
      inProgress: [ip({ course: 'A' }), ip({ course: 'X' })],
    });
    expect(verdict(d, 'b', 'ag')).toMatchObject({ earned: 5, inProgress: 0 });
    expect(verdict(d, 'b')).toMatchObject({ earned: 10, inProgress: 0 });
  });

  it('places an in-progress course after every mark of its term', () => {
    // The in-progress repeat of X is listed first but sits after X's F of the same term.
    const d = audit([mark({ course: 'X', gradeLevel: 12, mark: 'F' })], { inProgress: [ip({ course: 'X' })] });
    expect(verdict(d, 'b', 'ag')).toMatchObject({ earned: 0, inProgress: 5 });
  });

  it('never lists in-progress courses', () => {
    const d = audit([], { inProgress: [ip({ course: 'NEW' })] });
    expect(verdict(d, 'b').courses).toEqual([]);
    expect(verdict(d, 'total')).toMatchObject({ status: 'missing', inProgress: 5, needed: 205 });
  });

  it('may change the chosen language', () => {
    const d = audit([mark({ course: 'S1', ag: 'e', language: 'spanish' }), mark({ course: 'F1', ag: 'e', language: 'french', mark: 'D' })], {
      inProgress: [ip({ course: 'F2', ag: 'e', language: 'french' }), ip({ course: 'F3', ag: 'e', language: 'french' })],
    });
    // A-G: Spanish 5 now; with French 10 it would be 10.
    expect(verdict(d, 'e', 'ag')).toMatchObject({ earned: 5, inProgress: 5, courses: ['S1'] });
  });
});

describe('lausd-2027: on track', () => {
  const credits = (n: number) => Array.from({ length: n / 5 }, (_, i) => mark({ course: `K${i}`, gradeLevel: 9 }));
  it.each([
    [9, 0, true],
    [10, 50, true],
    [10, 45, false],
    [11, 105, true],
    [11, 100, false],
    [12, 160, true],
    [12, 155, false],
  ])('grade %i with %i credits: %s', (gradeLevel, n, expected) => {
    expect(audit(credits(n), { gradeLevel }).onTrack).toBe(expected);
  });

  it('does not count in-progress courses', () => {
    expect(audit(credits(45), { gradeLevel: 10, inProgress: [course({ gradeLevel: 10 })] }).onTrack).toBe(false);
  });

  it('uses the uncapped total: credits.earned', () => {
    expect(audit(credits(215), { gradeLevel: 12 }).onTrack).toBe(true);
  });
});

describe('requirement sets', () => {
  it('registers lausd-2027 and ca-state-220 and lists them for an unknown name', () => {
    expect(requirementSets.names()).toEqual(['lausd-2027', 'ca-state-220']);
    expect(() => requirementSets.get('lausd-2030')).toThrow("unknown requirement set 'lausd-2030'; known: lausd-2027, ca-state-220");
  });

  it('evaluates ca-state-220 by subject with one verdict', () => {
    const d = audit(
      [
        mark({ subject: 'english', ag: 'b' }),
        mark({ subject: 'arts', ag: 'f' }),
        mark({ subject: 'cte', ag: null }),
        mark({ subject: 'pe', ag: null, mark: 'F' }),
        mark({ subject: 'pe', ag: null, mark: 'P' }),
      ],
      { gradeLevel: 10 },
      caState220,
    );
    expect(d.requirementSet).toBe('ca-state-220');
    expect(d.diploma).toEqual({ met: false });
    expect(d.ag).toBeUndefined();
    expect(d.requirements.map((r) => r.id)).toEqual(['english', 'math', 'science', 'social', 'arts-language-cte', 'pe', 'total']);
    expect(verdict(d, 'arts-language-cte')).toMatchObject({ status: 'met', earned: 10 });
    expect(verdict(d, 'pe')).toMatchObject({ earned: 5, needed: 15 });
    expect(verdict(d, 'total')).toMatchObject({ earned: 20, needed: 200 });
    expect(d.onTrack).toBe(false);
  });

  it('rejects a set whose overflow names an unknown requirement', () => {
    const broken: RequirementSet = { ...lausd2027, name: 'broken', requirements: [{ id: 'g', title: 'g', credits: 10, counts: { ag: 'g' }, overflowFrom: { a: ['nope'] }, verdicts: ['diploma'] }] };
    expect(() => audit([], {}, broken)).toThrow(/unknown or overflow requirement 'nope'/);
  });
});
