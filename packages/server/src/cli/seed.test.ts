import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { databaseTargetFromEnv } from '../db/target.ts';
import { main } from './main.ts';
import { scratchDirForCommands } from './cli-test-helpers.ts';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

describe('databaseTargetFromEnv', () => {
  it('uses DATABASE_URL, else the embedded database', () => {
    expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://x/y' })).toEqual({ kind: 'postgres', url: 'postgres://x/y' });
    expect(databaseTargetFromEnv({ HOMEROOM_DATA_DIR: '/tmp/h' })).toEqual({ kind: 'embedded', dataDir: '/tmp/h' });
    expect(databaseTargetFromEnv({})).toEqual({ kind: 'embedded', dataDir: './data/homeroom' });
  });
});

describe('homeroom seed', () => {
  const dir = scratchDirForCommands('homeroom-seed-');

  it('rejects a bad option with exit 2', async () => {
    const run = io();
    expect(await main(['seed', '--students', 'many'], run.io)).toBe(2);
    expect(run.err()).toContain('--students must be a positive integer');
    expect(run.out()).toBe('');
  });

  it('seeds the embedded database, then refuses the same district code', async () => {
    delete process.env.DATABASE_URL;
    process.env.HOMEROOM_DATA_DIR = path.join(dir, 'data');
    const first = io();
    expect(await main(['seed', '--students', '150', '--schools', '3', '--district-code', 'CLI'], first.io)).toBe(0);
    expect(first.out()).toMatch(/Seeded district CLI .*\n {2}schools {6}3\n {2}students {5}150\n/);
    expect(first.err()).toContain('seed: schools 3/3');
    const again = io();
    expect(await main(['seed', '--students', '150', '--district-code', 'CLI'], again.io)).toBe(1);
    expect(again.err()).toContain('district CLI already exists');
  });

  it('loads again from the start a district whose load was stopped half-way', async () => {
    delete process.env.DATABASE_URL;
    process.env.HOMEROOM_DATA_DIR = path.join(dir, 'data');
    // What a killed load leaves: the district still marked loading.
    const handle = await openDatabase(databaseTargetFromEnv());
    try {
      await handle.db.updateTable('district').set({ loading: true }).where('code', '=', 'CLI').execute();
    } finally {
      await handle.close();
    }
    const run = io();
    expect(await main(['seed', '--students', '150', '--schools', '3', '--district-code', 'CLI'], run.io)).toBe(0);
    expect(run.err()).toMatch(/the earlier load of district CLI was stopped half-way \(3 schools, 150 students in\): loading it again from the start/);
    expect(run.out()).toMatch(/Seeded district CLI .*\n {2}schools {6}3\n {2}students {5}150\n/);
  });
});
