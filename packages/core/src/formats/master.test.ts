import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateMasterInput } from './master.ts';

const example = () => JSON.parse(readFileSync(new URL('../scheduling/fixtures/master-example.json', import.meta.url), 'utf8'));

function errorsOf(change: (doc: ReturnType<typeof example>) => void): string[] {
  const doc = example();
  change(doc);
  const result = validateMasterInput(doc);
  return result.ok ? [] : result.errors;
}

describe('validateMasterInput', () => {
  it('accepts the example and keeps students as the very objects it was given', () => {
    const doc = example();
    doc.students[0].nickname = 'kept';
    const result = validateMasterInput(doc);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.input.students[0]).toBe(doc.students[0]);
      expect(result.input.locks).toHaveLength(5);
    }
  });

  it('names a fixed section that is not a lock', () => {
    expect(errorsOf((d) => (d.students[0].fixed = ['RSP-09']))).toContain(`student ${example().students[0].id}: fixed section RSP-09 is not the id of a lock`);
  });

  it('names missing and ill-typed fields by their object', () => {
    expect(errorsOf((d) => delete d.courses[0].capacity)[0]).toMatch(/^course ENG9: capacity: /);
    expect(errorsOf((d) => (d.teachers[1].maxSections = -1))[0]).toMatch(/^teacher T02: maxSections: /);
    expect(errorsOf((d) => (d.format = 'homeroom.master/v2'))[0]).toMatch(/^format: /);
    expect(errorsOf((d) => (d.periods = 0))[0]).toMatch(/^periods: /);
  });

  it('finds duplicate ids', () => {
    expect(errorsOf((d) => d.courses.push({ ...d.courses[0] }))).toContain('course ENG9: the id is used twice');
    expect(errorsOf((d) => d.rooms.push({ ...d.rooms[0] }))).toContain('room R101: the id is used twice');
    expect(errorsOf((d) => d.locks.push({ ...d.locks[0] }))).toEqual(expect.arrayContaining(['lock RSP-01: the id is used twice']));
  });

  it('finds unknown slots, courses, teachers and rooms', () => {
    expect(errorsOf((d) => (d.teachers[0].unavailableSlots = ['S3-P1']))).toContain('teacher T01: unavailable slot S3-P1 is not a slot of the school');
    expect(errorsOf((d) => (d.students[0].unavailableSlots = ['S1-P9']))).toContain(`student ${example().students[0].id}: unavailable slot S1-P9 is not a slot of the school`);
    expect(errorsOf((d) => d.locks.push({ course: 'LATIN' }))).toContain('lock 6 (LATIN): course LATIN is not a course of the input');
    expect(errorsOf((d) => (d.locks[2].teacher = 'T99'))).toContain('lock 3 (SPAN1): teacher T99 is not a teacher of the input');
    expect(errorsOf((d) => (d.locks[3].room = 'R999'))).toContain('lock 4 (BIO): room R999 is not a room of the input');
  });

  it('finds locks that break the rules themselves', () => {
    expect(errorsOf((d) => (d.locks[2].teacher = 'T01'))).toContain('lock 3 (SPAN1): teacher T01 is not qualified for SPAN1');
    expect(errorsOf((d) => (d.locks[2].slots = ['S1-P1', 'S2-P1']))).toContain('lock 3 (SPAN1): teacher T07 is unavailable in S1-P1, S2-P1');
    expect(errorsOf((d) => (d.locks[3].room = 'R101'))).toContain('lock 4 (BIO): room R101 is a classroom room but BIO needs lab');
    expect(
      errorsOf((d) => {
        d.courses.find((c: { id: string }) => c.id === 'RSP').capacity = 20;
      }),
    ).toContain(
      'lock RSP-01: room R104 seats 14 but RSP sections seat 20',
    );
    expect(errorsOf((d) => (d.locks[1].slots = ['S1-P4', 'S2-P3']))[0]).toMatch(/^lock 2 \(CHOIR\): CHOIR is a year course, so its section meets in the same period of every term/);
    expect(errorsOf((d) => (d.locks[4].slots = ['S1-P3', 'S2-P3']))).toContain('lock 5 (HEALTH): HEALTH is a semester course, so its section meets in exactly one slot (got 2)');
    expect(errorsOf((d) => d.locks.push({ course: 'SPAN1' }))).toContain('course SPAN1: 2 locks but only 1 sections');
  });

  it('refuses more students fixed in a lock than its course seats', () => {
    const errors = errorsOf((d) => {
      for (const [i, student] of d.students.entries()) student.fixed = i < 13 ? ['RSP-01'] : [];
    });
    expect(errors).toContain('lock RSP-01: 13 students are fixed in it but RSP sections seat 12');
  });

  it('refuses a term name with a dash', () => {
    expect(errorsOf((d) => (d.terms = ['S-1', 'S2']))).toEqual(expect.arrayContaining(['term S-1: a term name may not contain "-"']));
  });

  it('ignores unknown fields and teachers qualified for courses not offered', () => {
    expect(errorsOf((d) => ((d.extra = 1), (d.teachers[0].courses = ['ENG9', 'LATIN'])))).toEqual([]);
  });
});
