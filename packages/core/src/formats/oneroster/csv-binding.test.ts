import { describe, expect, it } from 'vitest';
import { CsvReader, CsvSyntaxError, formatCsv, headersOf, isOneRosterDate, isOneRosterDateTime, parseCsv, splitOneRosterList, ONEROSTER_FILES, ONEROSTER_DATA_FILES } from './csv-binding.ts';

describe('OneRoster 1.2 CSV binding', () => {
  it('lists the rostering headers in the binding order', () => {
    expect(headersOf('users').slice(0, 6)).toEqual(['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'username', 'userIds']);
    expect(headersOf('enrollments')).toEqual(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate']);
    expect(headersOf('roles')).toEqual(['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId']);
    for (const f of ONEROSTER_DATA_FILES) expect(ONEROSTER_FILES[f].fileName).toBe(`${f}.csv`);
  });
  it('knows which days exist', () => {
    expect(isOneRosterDate('2024-02-29')).toBe(true);
    expect(isOneRosterDate('2023-02-29')).toBe(false);
    expect(isOneRosterDate('2026-13-01')).toBe(false);
    expect(isOneRosterDate('2026-9-01')).toBe(false);
    expect(isOneRosterDateTime('2026-08-01T00:00:00.000Z')).toBe(true);
    expect(isOneRosterDateTime('2026-08-01')).toBe(false);
    expect(splitOneRosterList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('RFC 4180 CSV', () => {
  it('reads quotes, line breaks inside fields and a BOM, and round-trips', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['1', 'two\nlines', '']];
    const text = `\uFEFF${formatCsv(rows)}`;
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
    expect(parseCsv(text).map((r) => r.row)).toEqual([1, 2]);
  });
  it('gives the same records whatever the chunk boundaries', () => {
    const text = formatCsv([['x', '"q"', 'a\r\nb'], ['y', '', 'z']]) + 'last,row';
    const whole = parseCsv(text).map((r) => r.fields);
    for (let size = 1; size < 6; size++) {
      const reader = new CsvReader();
      const got: string[][] = [];
      for (let i = 0; i < text.length; i += size) got.push(...reader.push(text.slice(i, i + size)).map((r) => r.fields));
      got.push(...reader.end().map((r) => r.fields));
      expect(got).toEqual(whole);
    }
  });
  it('refuses a stray quote and an unclosed quote', () => {
    expect(() => parseCsv('a,b"c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,"b\n')).toThrow(CsvSyntaxError);
  });
});
