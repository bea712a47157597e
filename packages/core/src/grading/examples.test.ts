// The public worked examples (copied from shared/examples/transcripts into fixtures/): every
// figure, status and courses list must match exactly; explanation sentences are compared on
// their first word (`counted` / `excluded`), since the rest of the wording is free.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../formats/transcript.ts';
import { auditTranscript } from '../graduation/audit.ts';
import { lausd2027 } from '../graduation/lausd-2027.ts';
import { ca2026 } from './ca-2026.ts';
import { computeGpa } from './gpa.ts';

const fixtures = new URL('./fixtures/', import.meta.url);
const names = readdirSync(fixtures)
  .filter((file) => /^[a-z0-9-]+\.json$/.test(file))
  .map((file) => file.slice(0, -'.json'.length));
const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'));

/** A document as JSON would carry it (no undefined, numbers as written). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function firstWords(document: Record<string, unknown>): Record<string, unknown> {
  const explanation = (document.explanation as Record<string, string>[]).map((line) => {
    const copy: Record<string, string> = { ...line };
    for (const gpa of ['uc', 'csu', 'district']) copy[gpa] = line[gpa]!.split(/[:\s(]/)[0]!;
    return copy;
  });
  return { ...document, explanation };
}

describe('public examples', () => {
  it('are all here', () => {
    expect(names.sort()).toEqual(['college-csu', 'freshman', 'honors-caps', 'marks-and-credits', 'nonresident', 'repeats', 'senior-audit', 'worked-example']);
  });

  describe.each(names)('%s', (name) => {
    const transcript = parseTranscript(read(`${name}.json`));

    it('gives the expected homeroom.gpa/v1 document', () => {
      const expected = read(`${name}.gpa.json`) as Record<string, unknown>;
      const actual = asJson(computeGpa(transcript, ca2026)) as Record<string, unknown>;
      expect(firstWords(actual)).toEqual(firstWords(expected));
      for (const line of actual.explanation as Record<string, string>[]) {
        for (const gpa of ['uc', 'csu', 'district']) expect(line[gpa]).toMatch(/^(counted|excluded)\b/);
      }
    });

    it('gives the expected homeroom.audit/v1 document', () => {
      expect(asJson(auditTranscript(transcript, lausd2027))).toEqual(read(`${name}.audit.json`));
    });
  });
});
