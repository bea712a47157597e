import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateTranscripts } from '@homeroom/core';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from './cli-test-helpers.ts';

const file = (name: string) => fileURLToPath(new URL(name, fixtures));
const text = (name: string) => readFileSync(file(name), 'utf8');
const figures = (document: Record<string, unknown>) => ({ ...document, explanation: undefined });
const oneLine = (name: string) => JSON.stringify(JSON.parse(text(name)));

describe('homeroom gpa', () => {
  it('reads --in FILE and prints the homeroom.gpa/v1 document', async () => {
    const run = await runCli(['gpa', '--in', file('worked-example.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(figures(JSON.parse(run.stdout))).toEqual(figures(JSON.parse(text('worked-example.gpa.json'))));
  });

  it('reads standard input without --in and with --in -', async () => {
    for (const argv of [['gpa'], ['gpa', '--in', '-'], ['gpa', '--in=-']]) {
      const run = await runCli(argv, text('repeats.json'));
      expect(run.code).toBe(0);
      expect(figures(JSON.parse(run.stdout))).toEqual(figures(JSON.parse(text('repeats.gpa.json'))));
    }
  });

  it('rejects an invalid transcript: exit 1, the message on standard error, nothing on standard output', async () => {
    const transcript = JSON.parse(text('worked-example.json'));
    transcript.marks[3].credits = -5;
    const run = await runCli(['gpa'], JSON.stringify(transcript));
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('marks[3] (E10HB).credits: must be a non-negative number, got -5');
  });

  it('rejects input that is not JSON with exit 1', async () => {
    const run = await runCli(['gpa'], '{"student": ');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/not valid JSON/);
  });

  it.each([
    [['gpa', '--requirements', 'lausd-2027'], /--requirements/],
    [['gpa', '--verbose'], /--verbose/],
    [['gpa', '--in'], /--in/],
    [['gpa', 'transcript.json'], /unexpected argument/],
    [['gpa', '--in', '/nonexistent/transcript.json'], /cannot read/],
    [['gpa', '--in', tmpdir()], /cannot read/],
    [['gpa', '--jsonl', '--in', tmpdir()], /cannot read/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const run = await runCli(argv, text('freshman.json'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  describe('--jsonl', () => {
    it('writes one document per line in order, skips blank lines, reports bad lines and goes on', async () => {
      const input = [oneLine('worked-example.json'), '', '  \t\r', 'not json', `${oneLine('freshman.json')}\r`, '{"student": {"id": 5}}', oneLine('repeats.json')].join('\n');
      const run = await runCli(['gpa', '--jsonl'], input);
      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(5);
      const documents = lines.map((line) => JSON.parse(line));
      expect(documents[0].student).toBe('900001');
      expect(documents[1].error).toMatch(/^line 4: not valid JSON/);
      expect(documents[2].student).toBe('638948');
      expect(documents[3]).toEqual({ error: 'line 6: student.gradeLevel: is required' });
      expect(figures(documents[4])).toEqual(figures(JSON.parse(text('repeats.gpa.json'))));
    });

    it('exits 0 when every line is valid, with or without a final newline', async () => {
      for (const end of ['', '\n', '\r\n']) {
        const run = await runCli(['gpa', '--jsonl'], `${oneLine('freshman.json')}\n${oneLine('nonresident.json')}${end}`);
        expect(run.code).toBe(0);
        expect(run.stdout.split('\n')).toHaveLength(3);
      }
    });

    it('gives no output for empty input', async () => {
      expect(await runCli(['gpa', '--jsonl'], '')).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('rejoins lines and UTF-8 characters split across chunks', async () => {
      const transcript = JSON.parse(text('freshman.json'));
      transcript.marks[0].title = 'ÉTUDES — 日本語';
      const input = Buffer.from(`${JSON.stringify(transcript)}\n${JSON.stringify(transcript)}\n`);
      const chunks: Buffer[] = [];
      for (let i = 0; i < input.length; i += 7) chunks.push(input.subarray(i, i + 7));
      const run = await runCli(['gpa', '--jsonl'], chunks);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n').map((l) => JSON.parse(l).student)).toEqual(['638948', '638948']);
    });

    it('streams thousands of transcripts in order', async () => {
      const transcripts = generateTranscripts(1000, 7);
      const run = await runCli(['gpa', '--jsonl'], transcripts.map((t) => JSON.stringify(t)).join('\n'));
      expect(run.code).toBe(0);
      const students = run.stdout.trim().split('\n').map((l) => JSON.parse(l).student);
      expect(students).toEqual(transcripts.map((t) => t.student.id));
    });

    it('reads a file with --in', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'homeroom-gpa-'));
      const input = path.join(dir, 'transcripts.jsonl');
      writeFileSync(input, `${oneLine('honors-caps.json')}\n${oneLine('college-csu.json')}\n`);
      const run = await runCli(['gpa', '--jsonl', '--in', input]);
      expect(run.code).toBe(0);
      const [first, second] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(figures(first)).toEqual(figures(JSON.parse(text('honors-caps.gpa.json'))));
      expect(figures(second)).toEqual(figures(JSON.parse(text('college-csu.gpa.json'))));
    });
  });

  it('runs as a real process: the homeroom binary, standard input and exit status', async () => {
    const bin = fileURLToPath(new URL('../../bin/homeroom.js', import.meta.url));
    const child = promisify(execFile)(process.execPath, [bin, 'gpa', '--jsonl'], { encoding: 'utf8' });
    child.child.stdin!.end(`${oneLine('worked-example.json')}\n{}\n`);
    const failure = await child.then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!).uc.points).toBe(9);
    expect(JSON.parse(lines[1]!)).toEqual({ error: 'line 2: student: is required' });
  });
});
