import { describe, expect, it } from 'vitest';
import { checkDistrictPackage, packageRows, packageTranscripts, transcriptFieldPath } from './district-package.ts';
import { reconcile, roundHalfUp } from './reconciliation.ts';
import { sampleFiles, samplePackage, sampleRows } from './sample-package.ts';

const check = (pkg = samplePackage()) => checkDistrictPackage(sampleFiles(pkg));
const codes = (pkg: Map<string, string>) => check(pkg).problems.map((p) => `${p.file}:${p.row}:${p.column}:${p.code}`);

describe('district package checks', () => {
  it('accepts the sample package', () => {
    const c = check();
    expect(c.problems).toEqual([]);
    expect(c.files['users.csv']).toBe('bulk');
    expect(c.files['homeroom-transcripts.jsonl']).toBe('present');
    expect(c.rows['homeroom-transcripts.jsonl']).toBe(2);
    expect(c.reconciliation.students).toBe(2);
  });
  it('names a bad header', () => {
    const pkg = samplePackage();
    pkg.set('users.csv', pkg.get('users.csv')!.replace('givenName,familyName', 'familyName,givenName'));
    expect(codes(pkg)).toContain('users.csv:1:givenName:header-mismatch');
  });
  it('names a misspelled enumeration and a bad boolean', () => {
    const rows = sampleRows();
    rows.classes![0]!.classType = 'Scheduled';
    rows.users![0]!.enabledUser = 'TRUE';
    expect(codes(samplePackage(rows))).toEqual(['classes.csv:2:classType:invalid-enumeration', 'users.csv:2:enabledUser:invalid-boolean']);
  });
  it('names a duplicate sourcedId, a dangling reference and an impossible date', () => {
    const rows = sampleRows();
    rows.courses![1]!.sourcedId = 'C-ENG11A';
    rows.enrollments![0]!.userSourcedId = 'NOBODY';
    rows.demographics![0]!.birthDate = '2010-02-30';
    const got = codes(samplePackage(rows));
    expect(got).toContain('courses.csv:3:sourcedId:duplicate-sourced-id');
    expect(got).toContain('enrollments.csv:2:userSourcedId:unknown-reference');
    expect(got).toContain('demographics.csv:2:birthDate:invalid-date');
  });
  it('names an enrollment outside its session', () => {
    const rows = sampleRows();
    rows.enrollments![2]!.endDate = '2027-03-01';
    expect(codes(samplePackage(rows))).toEqual(['enrollments.csv:4:endDate:enrollment-outside-session']);
  });
  it('checks status and dateLastModified by mode', () => {
    const rows = sampleRows();
    rows.orgs![0]!.status = 'active';
    expect(codes(samplePackage(rows))).toEqual(['orgs.csv:2:status:status-in-bulk-file']);
    const delta = codes(samplePackage({ orgs: [{ sourcedId: 'ORG-D', name: 'X', type: 'district' }], users: [] }, 'delta'));
    expect(delta).toContain('orgs.csv:2:status:status-missing-in-delta-file');
  });
  it('names a bad transcript line by line and field path', () => {
    const pkg = samplePackage();
    const lines = pkg.get('homeroom-transcripts.jsonl')!.split('\n');
    lines[1] = lines[1]!.replace('"credits":5', '"credits":-5');
    pkg.set('homeroom-transcripts.jsonl', lines.join('\n'));
    expect(codes(pkg)).toEqual(['homeroom-transcripts.jsonl:2:marks[0].credits:invalid-transcript']);
    expect(transcriptFieldPath('marks[3] (230201).credits: must be')).toBe('marks[3].credits');
  });
  it('names the manifest, unknown files and files declared absent', () => {
    const pkg = samplePackage();
    pkg.set('notes.txt', 'hello');
    pkg.set('lineItems.csv', 'x');
    pkg.set('manifest.csv', pkg.get('manifest.csv')!.replace('oneroster.version,1.2', 'oneroster.version,1.1'));
    const got = codes(pkg);
    expect(got).toContain('notes.txt:null:null:unknown-file');
    expect(got).toContain('lineItems.csv:null:null:file-declared-absent');
    expect(got).toContain('manifest.csv:3:value:oneroster-version');
  });
});

describe('reconciliation', () => {
  it('rounds half up to the legacy decimals', () => {
    expect(roundHalfUp({ numerator: 41n, denominator: 12n }, 2)).toBe('3.42');
    expect(roundHalfUp({ numerator: 67n, denominator: 20n }, 1)).toBe('3.4');
    expect(roundHalfUp({ numerator: 7n, denominator: 2n }, 0)).toBe('4');
  });
  it('matches the sample and lists a mismatch', () => {
    const files = sampleFiles(samplePackage());
    const transcripts = new Map([...packageTranscripts(files.find((f) => f.name === 'homeroom-transcripts.jsonl')!)].map((t) => [t.student.id, t]));
    const legacyFigures = [...packageRows(files.find((f) => f.name === 'homeroom-legacy-figures.csv')!)];
    const r = reconcile(transcripts, legacyFigures);
    expect(check().reconciliation).toEqual(r);
    expect(r.mismatches).toEqual([]);
    expect(r.figures.districtUnweightedGpa).toEqual({ compared: 1, mismatches: 0 });
    expect(r.students).toBe(2);
    const changed = legacyFigures.map((row) => ({ ...row, values: { ...row.values, ucGpa: row.values.studentSourcedId === 'S1001' ? '3.42' : row.values.ucGpa! } }));
    const r2 = reconcile(transcripts, changed);
    expect(r2.mismatches).toEqual([{ student: 'S1001', figure: 'ucGpa', legacy: '3.42', homeroom: '3.50' }]);
  });
});
