// Runs the homeroom command in-process with fake standard streams, for the CLI tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { main } from './main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdin` may be given in pieces (Buffers split anywhere, even inside a UTF-8 character). */
export async function runCli(argv: string[], stdin: string | Buffer[] = ''): Promise<CliRun> {
  const chunks = typeof stdin === 'string' ? [Buffer.from(stdin)] : stdin;
  const input = Readable.from(chunks);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(argv, { stdin: input, stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export const fixtures = new URL('../../../core/src/grading/fixtures/', import.meta.url);

/**
 * A folder for a describe block whose commands open their own database: DATABASE_URL and
 * HOMEROOM_DATA_DIR, which the tests point elsewhere, are put back and the folder removed after
 * the block.
 */
export function scratchDirForCommands(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HOMEROOM_DATA_DIR };
  afterAll(() => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.dir !== undefined) process.env.HOMEROOM_DATA_DIR = saved.dir;
    else delete process.env.HOMEROOM_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
