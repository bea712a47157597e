import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from './cli-test-helpers.ts';

const file = (name: string) => fileURLToPath(new URL(name, fixtures));
const text = (name: string) => readFileSync(file(name), 'utf8');
const oneLine = (name: string) => JSON.stringify(JSON.parse(text(name)));

describe('homeroom audit', () => {
  it.each(['worked-example', 'repeats', 'senior-audit', 'freshman'])('prints the expected homeroom.audit/v1 document for %s', async (name) => {
    const run = await runCli(['audit', '--in', file(`${name}.json`)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(text(`${name}.audit.json`)));
  });

  it('applies lausd-2027 by default and the set named by --requirements', async () => {
    const byDefault = await runCli(['audit'], text('senior-audit.json'));
    const named = await runCli(['audit', '--requirements', 'lausd-2027'], text('senior-audit.json'));
    expect(named.stdout).toBe(byDefault.stdout);
    const state = await runCli(['audit', '--requirements', 'ca-state-220', '--in', '-'], text('senior-audit.json'));
    expect(state.code).toBe(0);
    const document = JSON.parse(state.stdout);
    expect(document.requirementSet).toBe('ca-state-220');
    expect(document.requirements.map((r: { id: string }) => r.id)).toEqual(['english', 'math', 'science', 'social', 'arts-language-cte', 'pe', 'total']);
  });

  it('exits 2 on an unknown requirement set, listing the known ones, with nothing on standard output', async () => {
    const run = await runCli(['audit', '--requirements', 'lausd-2030'], text('senior-audit.json'));
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain("unknown requirement set 'lausd-2030'; known: lausd-2027, ca-state-220");
  });

  it.each([[['audit', '--requirements']], [['audit', '--bogus']], [['audit', '--in', '/nonexistent.json']]])('exits 2 on a usage error: %j', async (argv) => {
    const run = await runCli(argv, text('senior-audit.json'));
    expect(run).toMatchObject({ code: 2, stdout: '' });
  });

  it('exits 1 on an invalid transcript with the message on standard error', async () => {
    const transcript = JSON.parse(text('senior-audit.json'));
    transcript.inProgress[1].ag = 'z';
    const run = await runCli(['audit'], JSON.stringify(transcript));
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/inProgress\[1\] \(\w+\)\.ag: must be one of a, b, c, d, e, f, g, got "z"/);
  });

  it('audits line by line with --jsonl, reporting bad lines and exiting 1 after all of them', async () => {
    const run = await runCli(['audit', '--jsonl', '--requirements', 'lausd-2027'], `${oneLine('repeats.json')}\n[]\n\n${oneLine('worked-example.json')}\n`);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual(JSON.parse(text('repeats.audit.json')));
    expect(lines[1]).toEqual({ error: 'line 2: transcript: must be an object, got []' });
    expect(lines[2]).toEqual(JSON.parse(text('worked-example.audit.json')));
  });

  it('prints its help', async () => {
    const run = await runCli(['audit', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--requirements SET/);
  });
});
