import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, filterFields, parseFilter } from './filter.ts';

describe('the OneRoster filter', () => {
  it('reads one predicate of each operator', () => {
    for (const operator of ['=', '!=', '>', '>=', '<', '<=', '~'] as const) {
      expect(parseFilter(`dateLastModified${operator}'2026-09-01'`)).toEqual({ kind: 'predicate', field: 'dateLastModified', operator, value: '2026-09-01' });
    }
  });

  it('joins with AND tighter than OR, and reads doubled quotes and spaces in values', () => {
    expect(parseFilter("role='student' OR familyName='O''Brien' AND givenName~'Ann Marie'")).toEqual({
      kind: 'or',
      parts: [
        { kind: 'predicate', field: 'role', operator: '=', value: 'student' },
        { kind: 'and', parts: [{ kind: 'predicate', field: 'familyName', operator: '=', value: "O'Brien" }, { kind: 'predicate', field: 'givenName', operator: '~', value: 'Ann Marie' }] },
      ],
    });
    expect(filterFields(parseFilter("a='1' AND b='2' AND c='3'"))).toEqual(['a', 'b', 'c']);
    expect(parseFilter("status='active' AND type='school'")).toMatchObject({ kind: 'and' });
  });

  it.each(["role=student", "role='student", "role='a' XOR type='b'", "='x'", "role=='x'", "role='a' AND", "role='a'type='b'"])('refuses %s', (text) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
  });
});
