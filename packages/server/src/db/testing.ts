import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from './connection.ts';
import { migrate } from './migrator.ts';

export type TestDatabaseKind = 'embedded' | 'postgres';

/**
 * The databases the database tests run against: the embedded one always, PostgreSQL as well when
 * DATABASE_URL is set (CI sets it), so that every query is proven on both.
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/**
 * A fresh, migrated database of its own for one test file: in memory when embedded, a new
 * database on the PostgreSQL server otherwise, dropped again on close.
 */
export async function openTestDatabase(kind: TestDatabaseKind, options: { migrated?: boolean } = {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (kind === 'embedded') {
    handle = await openDatabase({ kind: 'embedded', dataDir: null });
  } else {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL is not set: cannot open a PostgreSQL test database');
    const name = `homeroom_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const inner = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 4 });
    handle = {
      ...inner,
      close: async () => {
        await inner.close();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  if (options.migrated !== false) await migrate(handle.db);
  return handle;
}
