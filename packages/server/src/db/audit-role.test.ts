import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connection.ts';
import type { Database } from './schema.ts';
import { openTestDatabase, testDatabaseKinds } from './testing.ts';

/** Runs `statement` as homeroom_app, as the server does in production, and rolls everything back. */
async function asApplication(db: Kysely<Database>, statement: string): Promise<string> {
  try {
    await db.transaction().execute(async (trx) => {
      await sql`set local role homeroom_app`.execute(trx);
      await sql.raw(statement).execute(trx);
      throw new Error('rolled back: ok');
    });
  } catch (error) {
    return (error as Error).message;
  }
  return 'not reached';
}

describe.each(testDatabaseKinds())('the homeroom_app role on the %s database', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await sql`insert into district (code, name) values ('ROLE', 'Role Unified')`.execute(handle.db);
    await sql`insert into audit_event (district_id, action, entity) select id, 'read', 'student' from district`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('may read and write the records, and append to the audit trail', async () => {
    expect(await asApplication(handle.db, "update district set name = 'Renamed'")).toBe('rolled back: ok');
    expect(await asApplication(handle.db, "insert into audit_event (district_id, action, entity) select id, 'read', 'student' from district")).toBe('rolled back: ok');
    expect(await asApplication(handle.db, 'select count(*) from audit_event')).toBe('rolled back: ok');
  });

  it.each(["update audit_event set reason = 'tidied up'", 'delete from audit_event', 'truncate audit_event'])('may not %s, by privilege before any trigger', async (statement) => {
    expect(await asApplication(handle.db, statement)).toMatch(/permission denied/);
  });

  it('is what the privileges say', async () => {
    const { rows } = await sql<{ update: boolean; insert: boolean; records: boolean }>`
      select has_table_privilege('homeroom_app', 'audit_event', 'UPDATE') as update,
             has_table_privilege('homeroom_app', 'audit_event', 'INSERT') as insert,
             has_table_privilege('homeroom_app', 'student', 'UPDATE, DELETE') as records`.execute(handle.db);
    expect(rows).toEqual([{ update: false, insert: true, records: true }]);
  });
});
