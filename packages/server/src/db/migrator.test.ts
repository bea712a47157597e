import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connection.ts';
import { renderSchemaTypes } from './generate-types.ts';
import { loadMigrations, migrate, migrationStatus } from './migrator.ts';
import { openTestDatabase, testDatabaseKinds } from './testing.ts';

describe.each(testDatabaseKinds())('migrations on the %s database', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind, { migrated: false });
  });
  afterAll(async () => handle?.close());

  it('applies every migration once, then has nothing pending', async () => {
    const applied = await migrate(handle.db);
    expect(applied).toEqual(loadMigrations().map((m) => m.name));
    expect(await migrate(handle.db)).toEqual([]);
    expect((await migrationStatus(handle.db)).pending).toEqual([]);
  });

  it('gives the same schema on both databases: schema.ts matches what the migrations make', async () => {
    const committed = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema.ts'), 'utf8');
    expect(await renderSchemaTypes(handle.db), 'schema.ts is stale: run npx tsx packages/server/src/db/generate-types.ts').toBe(committed);
  });

  it('keeps the audit trail append-only: update, delete and truncate are refused', async () => {
    const district = await handle.db.insertInto('district').values({ code: `T${kind}`, name: 'Test Unified' }).returning('id').executeTakeFirstOrThrow();
    const event = await handle.db
      .insertInto('audit_event')
      .values({ district_id: district.id, action: 'read', entity: 'student', entity_id: '1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(handle.db.updateTable('audit_event').set({ action: 'nothing' }).where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('audit_event').where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(handle.db)).rejects.toThrow(/append-only/);
    const count = await handle.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses records that break the rules of the house: a correction without a reason, a duplicate local id', async () => {
    const district = await handle.db.insertInto('district').values({ code: `R${kind}`, name: 'Rules Unified' }).returning('id').executeTakeFirstOrThrow();
    const student = { district_id: district.id, local_id: '100001', first_name: 'Ada', last_name: 'Quill', birth_date: '2010-02-03', gender: 'F' };
    const inserted = await handle.db.insertInto('student').values(student).returning(['id', 'birth_date']).executeTakeFirstOrThrow();
    expect(inserted.birth_date).toBe('2010-02-03');
    await expect(handle.db.insertInto('student').values(student).execute()).rejects.toThrow(/duplicate key|unique/);
    const entry = {
      district_id: district.id, student_id: inserted.id, course_code: '230201', course_title: 'ENGLISH 10A', grade_level: 10,
      school_year: '2024-25', term: 'S1', mark: 'B+', credits: '2.5', source: 'historical',
    };
    const first = await handle.db.insertInto('transcript_entry').values(entry).returning(['id', 'credits']).executeTakeFirstOrThrow();
    expect(first.credits).toBe('2.50');
    await expect(handle.db.insertInto('transcript_entry').values({ ...entry, source: 'correction', supersedes_id: first.id }).execute()).rejects.toThrow(/check constraint/);
    await expect(handle.db.insertInto('transcript_entry').values({ ...entry, mark: 'Z' }).execute()).rejects.toThrow(/check constraint/);
  });
});
