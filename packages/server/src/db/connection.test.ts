import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NAMED_STATEMENTS, openAndCheckDatabase, StatementNames, type DatabaseHandle } from './connection.ts';
import { databaseTargetFromEnv } from './target.ts';
import { openTestDatabase, testDatabaseKinds } from './testing.ts';

describe('statement names', () => {
  it('gives a text the same name every time, and stops naming new texts at the bound', () => {
    const names = new StatementNames();
    const first = names.nameOf('select $1::int');
    expect(first).toBeDefined();
    expect(names.nameOf('select $1::int')).toBe(first);
    expect(names.nameOf('select $1::text')).not.toBe(first);
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) names.nameOf(`select ${i} + $1::int`);
    expect(names.nameOf('select $1::bigint')).toBeUndefined();
    // Texts named before the bound keep their names.
    expect(names.nameOf('select $1::int')).toBe(first);
  });

  it('can be turned off for a connection pooler that cannot keep them', () => {
    expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://x/y', DATABASE_PREPARED_STATEMENTS: 'off' })).toEqual({ kind: 'postgres', url: 'postgres://x/y', preparedStatements: false });
    expect(databaseTargetFromEnv({ DATABASE_URL: 'postgres://x/y' })).toEqual({ kind: 'postgres', url: 'postgres://x/y' });
  });

  it('leaves a bulk statement unnamed', () => {
    expect(new StatementNames().nameOf(`select $1::int ${' '.repeat(10_000)}`)).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())('statements on the %s database', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind, { migrated: false });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('answers a named statement again with other values, on every connection of the pool', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => sql<{ n: number }>`select ${i}::int * 2 as n`.execute(handle.db)));
    expect(answers.map((a) => a.rows[0]!.n)).toEqual(Array.from({ length: 12 }, (_, i) => i * 2));
  });

  it.runIf(kind === 'postgres')('prepares a statement with parameters once per connection', async () => {
    const prepared = await handle.db.transaction().execute(async (trx) => {
      await sql`select ${1}::int + 40 as prepared_probe`.execute(trx);
      await sql`select ${2}::int + 40 as prepared_probe`.execute(trx);
      return sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${'%prepared_probe%'} and statement not like ${'%pg_prepared_statements%'}`.execute(trx);
    });
    expect(prepared.rows).toHaveLength(1);
  });

  it('still runs a text of several statements without parameters (a migration)', async () => {
    await sql`create table probe (n int); insert into probe values (1), (2)`.execute(handle.db);
    const { rows } = await sql<{ total: number }>`select sum(n)::int as total from probe where n > ${0}`.execute(handle.db);
    expect(rows[0]!.total).toBe(3);
  });
});

describe('the embedded database in a folder', () => {
  it('creates the missing parent folders, as on a fresh clone with no ./data yet', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'homeroom-data-'));
    try {
      const handle = await openAndCheckDatabase({ kind: 'embedded', dataDir: path.join(scratch, 'data', 'homeroom') });
      await handle.close();
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
