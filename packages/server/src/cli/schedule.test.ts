import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkHardRules } from '@homeroom/core/scheduling/sectioning-score';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './testing.ts';
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const examplePath = new URL('../../../core/src/scheduling/fixtures/sectioning-example.json', import.meta.url);
const example = JSON.parse(readFileSync(examplePath, 'utf8')) as Record<string, unknown> & { students: Array<Record<string, unknown>>; sections: Array<Record<string, unknown>> };
const dir = mkdtempSync(path.join(tmpdir(), 'homeroom-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCommand;

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('homeroom schedule students', () => {
  it('writes a valid result and one summary line', async () => {
    const out = path.join(dir, 'result.json');
    const { code, out: stdout, err } = await run(['schedule', 'students', '--in', fileURLPath(examplePath), '--out', out, '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(err).toMatch(/^students: required met \d+\/\d+, all met \d+\/\d+, complete \d+\/120 students, score [\d.]+, [\d.]+ s\n$/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.format).toBe('homeroom.sectioning-result/v1');
    expect(checkHardRules(example as never, result)).toEqual([]);
  });

  it('reads standard input with --in -', async () => {
    const out = path.join(dir, 'stdin-result.json');
    const { code } = await run(['schedule', 'students', '--in', '-', '--out', out], JSON.stringify(example));
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('exits 1 naming the student and field of a malformed instance, writing nothing', async () => {
    const bad = structuredClone(example);
    (bad.students[0]!.requests as Array<Record<string, unknown>>)[1]!.course = 'XYZ';
    const out = path.join(dir, 'never.json');
    const { code, err } = await run(['schedule', 'students', '--in', file('bad.json', bad), '--out', out]);
    expect(code).toBe(1);
    expect(err).toContain(`error: student ${bad.students[0]!.id}: request 2: course 'XYZ' is not a course of the instance`);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 on unreadable JSON', async () => {
    const { code, err } = await run(['schedule', 'students', '--in', file('broken.json', '{"format":'), '--out', path.join(dir, 'x.json')]);
    expect(code).toBe(1);
    expect(err).toMatch(/^error: not valid JSON/);
  });

  it('exits 3 when fixed sections break a hard rule, and leaves an existing --out as it was', async () => {
    const bad = structuredClone(example);
    const section = bad.sections[0]!;
    section.capacity = 0;
    bad.students[0]!.fixed = [section.id];
    const out = file('existing.json', 'keep me');
    const { code, err } = await run(['schedule', 'students', '--in', file('infeasible.json', bad), '--out', out]);
    expect(code).toBe(3);
    expect(err).toContain(`infeasible: section ${section.id}: 1 students are fixed in it but it has 0 seats`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('exits 2 on misuse', async () => {
    expect((await run(['schedule', 'students', '--out', 'x.json'])).code).toBe(2);
    expect((await run(['schedule', 'students', '--in', 'nope.json', '--out', 'x.json'])).err).toMatch(/cannot read nope.json/);
    expect((await run(['schedule', 'students', '--in', 'a', '--out', 'b', '--seed', 'x'])).code).toBe(2);
    expect((await run(['schedule', 'students', '--in', 'a', '--out', 'b', '--bogus'])).code).toBe(2);
    expect((await run(['schedule', 'timetable'])).code).toBe(2);
    expect((await run(['schedule'])).code).toBe(2);
  });

  it('hands master to the master-schedule builder (its own tests: schedule-master.test.ts)', async () => {
    const { code, err } = await run(['schedule', 'master', '--in', 'm.json', '--out', 'i.json']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read m\.json/);
  });

  it('runs as the installed command', () => {
    const out = path.join(dir, 'spawned.json');
    const bin = decodeURIComponent(new URL('../../bin/homeroom.js', import.meta.url).pathname);
    const child = spawnSync(process.execPath, [bin, 'schedule', 'students', '--in', fileURLPath(examplePath), '--out', out], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).toMatch(/^students: required met/m);
    expect(JSON.parse(readFileSync(out, 'utf8')).assignments.length).toBeGreaterThan(0);
  });

  it('prints help', async () => {
    const { code, out } = await run(['schedule', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/homeroom schedule students --in/);
  });
});

function fileURLPath(url: URL): string {
  return decodeURIComponent(url.pathname);
}
