// Runs the homeroom command in-process with fake standard streams, for the CLI tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
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

/**
 * The database a describe block's commands are configured with, migrated before its tests: a new
 * PostgreSQL database when DATABASE_URL is set (dropped after the block), else an embedded one in
 * the block's scratch folder. `url()` is the PostgreSQL database's address (null when embedded).
 */
export function databaseForCommands(prefix: string): { dir: string; url: () => string | null } {
  const dir = scratchDirForCommands(prefix);
  const serverUrl = process.env.DATABASE_URL;
  const name = `${prefix.replace(/[^a-z0-9]/gi, '_')}${process.pid}_${Date.now()}`.toLowerCase();
  let url: string | null = null;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  beforeAll(async () => {
    if (serverUrl) {
      await onServer(`create database ${name}`);
      const target = new URL(serverUrl);
      target.pathname = `/${name}`;
      url = target.toString();
      process.env.DATABASE_URL = url;
    } else {
      process.env.HOMEROOM_DATA_DIR = path.join(dir, 'data');
    }
    const migrated = await runCli(['migrate']);
    if (migrated.code !== 0) throw new Error(`homeroom migrate failed: ${migrated.stderr}`);
  }, 120_000);
  afterAll(async () => {
    if (serverUrl) await onServer(`drop database if exists ${name} with (force)`);
  });
  return { dir, url: () => url };
}

/** Work on the commands' database between commands (the embedded one takes one process at a time). */
export async function withCommandDatabase<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
