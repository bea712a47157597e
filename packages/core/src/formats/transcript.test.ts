import { describe, expect, it } from 'vitest';
import { parseTranscript, safeParseTranscript, TranscriptError } from './transcript.ts';

function valid(): Record<string, unknown> & { student: Record<string, unknown>; marks: Record<string, unknown>[]; inProgress: Record<string, unknown>[] } {
  return {
    format: 'homeroom.transcript/v1',
    student: { id: '100234', residency: 'resident', cohort: 2027, gradeLevel: 11 },
    marks: [
      { course: '230101', gradeLevel: 9, schoolYear: '2023-24', term: 'S1', mark: 'A', credits: 5, ag: 'b', subject: 'english' },
      { course: '230102', gradeLevel: 9, schoolYear: '2023-24', term: 'S2', mark: 'B', credits: 5, ag: 'b', subject: 'english' },
      { course: '350101', gradeLevel: 9, schoolYear: '2023-24', term: 'S2', mark: 'B', credits: 5, ag: 'e', language: 'spanish' },
      { course: '230201', gradeLevel: 10, schoolYear: '2024-25', term: 'S1', mark: 'B+', credits: 5, ag: 'b', honors: 'honors', ucHonors: true },
    ],
    inProgress: [{ course: '240101', gradeLevel: 11, schoolYear: '2025-26', term: 'S1', credits: 5, ag: 'a', tags: ['us-history'] }],
  };
}

function errorOf(input: unknown): string {
  const result = safeParseTranscript(input);
  if (result.ok) throw new Error('expected a validation error');
  return result.error;
}

describe('parseTranscript', () => {
  it('accepts a transcript and applies the defaults', () => {
    const t = parseTranscript(valid());
    expect(t.student).toEqual({ id: '100234', gradeLevel: 11, residency: 'resident', cohort: 2027 });
    expect(t.marks[0]).toEqual({
      course: '230101', repeats: null, title: null, gradeLevel: 9, schoolYear: '2023-24', term: 'S1', mark: 'A', credits: 5,
      ag: 'b', honors: 'none', ucHonors: false, subject: 'english', tags: [], language: null,
    });
    expect(t.inProgress[0]!.tags).toEqual(['us-history']);
    expect('mark' in t.inProgress[0]!).toBe(false);
  });

  it('defaults marks, inProgress, residency; null means missing for optional fields', () => {
    const t = parseTranscript({ student: { id: 7, gradeLevel: 9, residency: null }, marks: null });
    expect(t).toEqual({ student: { id: '7', gradeLevel: 9, residency: 'resident', cohort: null }, marks: [], inProgress: [] });
  });

  it('reads integer ids and codes as their decimal digits, 10.0 as an integer', () => {
    const input = valid();
    input.student.id = 100234;
    input.marks[0]!.course = 230101;
    input.marks[0]!.repeats = 130101.0;
    input.marks[0]!.gradeLevel = 9.0;
    input.student.gradeLevel = 1e1 + 1;
    const t = parseTranscript(input);
    expect(t.student.id).toBe('100234');
    expect(t.marks[0]!.course).toBe('230101');
    expect(t.marks[0]!.repeats).toBe('130101');
    expect(parseTranscript({ student: { id: 1e21, gradeLevel: 9 } }).student.id).toBe('1000000000000000000000');
  });

  it('ignores fields it does not name, and a mark on an in-progress course', () => {
    const input = valid();
    input.extra = { anything: true };
    input.student.name = '(withheld)';
    input.marks[0]!.teacher = 'Ms. Lee';
    input.inProgress[0]!.mark = 'nonsense';
    expect(() => parseTranscript(input)).not.toThrow();
  });

  it('throws a TranscriptError', () => {
    expect(() => parseTranscript([])).toThrow(TranscriptError);
  });

  const rejections: [string, (t: ReturnType<typeof valid>) => unknown, string][] = [
    ['not an object', () => [1], 'transcript: must be an object, got [1]'],
    ['another format', (t) => ((t.format = 'homeroom.transcript/v2'), t), 'format: must be "homeroom.transcript/v1", got "homeroom.transcript/v2"'],
    ['no student', (t) => (delete (t as Record<string, unknown>).student, t), 'student: is required'],
    ['a student that is not an object', (t) => ((t.student = 'x' as never), t), 'student: must be an object, got "x"'],
    ['no student id', (t) => (delete t.student.id, t), 'student.id: is required'],
    ['an empty id', (t) => ((t.student.id = ''), t), 'student.id: must be a non-empty string or an integer, got ""'],
    ['a fractional id', (t) => ((t.student.id = 1.5), t), 'student.id: must be a non-empty string or an integer, got 1.5'],
    ['a student grade level of 13', (t) => ((t.student.gradeLevel = 13), t), 'student.gradeLevel: must be an integer from 6 to 12, got 13'],
    ['a missing student grade level', (t) => ((t.student.gradeLevel = null), t), 'student.gradeLevel: is required'],
    ['an unknown residency', (t) => ((t.student.residency = 'foreign'), t), 'student.residency: must be one of resident, nonresident, got "foreign"'],
    ['marks not an array', (t) => ((t.marks = {} as never), t), 'marks: must be an array, got {}'],
    ['inProgress not an array', (t) => ((t.inProgress = 'none' as never), t), 'inProgress: must be an array, got "none"'],
    ['a mark that is not an object', (t) => ((t.marks[2] = 5 as never), t), 'marks[2]: must be an object, got 5'],
    ['a mark without course', (t) => (delete t.marks[1]!.course, t), 'marks[1].course: is required'],
    ['a boolean course', (t) => ((t.marks[1]!.course = true), t), 'marks[1].course: must be a non-empty string or an integer, got true'],
    ['a bad repeats', (t) => ((t.marks[1]!.repeats = ''), t), 'marks[1] (230102).repeats: must be a non-empty string or an integer, got ""'],
    ['negative credits', (t) => ((t.marks[3]!.credits = -5), t), 'marks[3] (230201).credits: must be a non-negative number, got -5'],
    ['credits as a string', (t) => ((t.marks[3]!.credits = '5'), t), 'marks[3] (230201).credits: must be a non-negative number, got "5"'],
    ['missing credits', (t) => (delete t.marks[3]!.credits, t), 'marks[3] (230201).credits: is required'],
    ['an unknown mark', (t) => ((t.marks[0]!.mark = 'E'), t), 'marks[0] (230101).mark: must be one of A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D-, F, P, NP, CR, NC, I, W, got "E"'],
    ['a missing mark', (t) => (delete t.marks[0]!.mark, t), 'marks[0] (230101).mark: is required'],
    ['an unknown term', (t) => ((t.marks[0]!.term = 'S3'), t), 'marks[0] (230101).term: must be one of S1, S2, SU, got "S3"'],
    ['an unknown ag', (t) => ((t.marks[0]!.ag = 'h'), t), 'marks[0] (230101).ag: must be one of a, b, c, d, e, f, g, got "h"'],
    ['an unknown honors', (t) => ((t.marks[0]!.honors = 'gifted'), t), 'marks[0] (230101).honors: must be one of none, honors, ap, ib, college, got "gifted"'],
    ['an unknown subject', (t) => ((t.marks[0]!.subject = 'Math'), t), 'marks[0] (230101).subject: must be one of english, math, science, social, language, arts, pe, health, elective, cte, rotc, got "Math"'],
    ['a grade level of 5', (t) => ((t.marks[0]!.gradeLevel = 5), t), 'marks[0] (230101).gradeLevel: must be an integer from 6 to 12, got 5'],
    ['a fractional grade level', (t) => ((t.marks[0]!.gradeLevel = 9.5), t), 'marks[0] (230101).gradeLevel: must be an integer from 6 to 12, got 9.5'],
    ['a school year not followed by the next', (t) => ((t.marks[0]!.schoolYear = '2023-25'), t), 'marks[0] (230101).schoolYear: must be a school year such as "2024-25", got "2023-25"'],
    ['a school year with four digits twice', (t) => ((t.marks[0]!.schoolYear = '2023-2024'), t), 'marks[0] (230101).schoolYear: must be a school year such as "2024-25", got "2023-2024"'],
    ['a missing school year', (t) => (delete t.marks[0]!.schoolYear, t), 'marks[0] (230101).schoolYear: is required'],
    ['a ucHonors string', (t) => ((t.marks[0]!.ucHonors = 'yes'), t), 'marks[0] (230101).ucHonors: must be true or false, got "yes"'],
    ['tags not an array', (t) => ((t.marks[0]!.tags = 'gov'), t), 'marks[0] (230101).tags: must be an array of strings, got "gov"'],
    ['a tag that is not a string', (t) => ((t.marks[0]!.tags = ['gov', 3]), t), 'marks[0] (230101).tags[1]: must be a string, got 3'],
    ['an empty language', (t) => ((t.marks[0]!.language = ''), t), 'marks[0] (230101).language: must be a non-empty string, got ""'],
    ['an e course without a language', (t) => ((t.marks[2]!.language = null), t), 'marks[2] (350101).language: is required for a course with ag "e"'],
    ['an in-progress entry with a bad field', (t) => ((t.inProgress[0]!.term = 'Fall'), t), 'inProgress[0] (240101).term: must be one of S1, S2, SU, got "Fall"'],
    ['an in-progress entry that is not an object', (t) => ((t.inProgress[0] = null as never), t), 'inProgress[0]: must be an object, got null'],
  ];

  it.each(rejections)('rejects %s, naming the entry and the field', (_, change, message) => {
    expect(errorOf(change(valid()))).toBe(message);
  });

  it('accepts the year 2099-00 and credits of 0 and 2.5', () => {
    const input = valid();
    input.marks[0]!.schoolYear = '2099-00';
    input.marks[0]!.credits = 0;
    input.marks[1]!.credits = 2.5;
    expect(() => parseTranscript(input)).not.toThrow();
  });

  it('keeps long values short in messages', () => {
    const input = valid();
    input.marks[0]!.mark = 'x'.repeat(200);
    expect(errorOf(input).length).toBeLessThan(200);
  });

  it('reports the first problem, in the order of the document', () => {
    const input = valid();
    input.marks[1]!.credits = -1;
    input.marks[3]!.credits = -5;
    expect(errorOf(input)).toMatch(/^marks\[1\]/);
  });
});
