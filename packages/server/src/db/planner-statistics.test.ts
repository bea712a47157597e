import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connection.ts';
import { analyzeGrownTables, ANALYZE_AFTER_ROWS, ANALYZE_WHILE_UNDER_ROWS } from './planner-statistics.ts';
import { openTestDatabase, testDatabaseKinds } from './testing.ts';

// PostgreSQL only: the server keeps statistics there (serve starts it); the embedded database
// serves a demo, and keeps no per-table activity counts to go by.
describe.skipIf(!testDatabaseKinds().includes('postgres'))('planner statistics on PostgreSQL', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
    // As after a district's data load: everything analyzed, the morning's tables empty.
    await sql`analyze`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const grow = (rows: number) =>
    sql`insert into audit_event (district_id, action, entity) select 1, 'read', 'bench' from generate_series(1, ${rows})`.execute(handle.db);
  const statistics = async () =>
    (await sql<{ reltuples: number }>`select reltuples from pg_class where oid = 'audit_event'::regclass`.execute(handle.db)).rows[0]!.reltuples;
  // Activity counts reach the statistics views when a backend reports them, about once a second.
  const reported = async (minimum: number) => {
    for (let i = 0; i < 50; i++) {
      const { rows } = await sql<{ n: string }>`select n_mod_since_analyze as n from pg_stat_user_tables where relname = 'audit_event'`.execute(handle.db);
      if (Number(rows[0]?.n ?? 0) >= minimum) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('analyzes a table once it has about quadrupled since its last analyze, and not before, while it is small', async () => {
    expect(await statistics()).toBe(0);
    await grow(ANALYZE_AFTER_ROWS - 100);
    await reported(ANALYZE_AFTER_ROWS - 100);
    expect(await analyzeGrownTables(handle.db)).not.toContain('audit_event');

    await grow(200);
    await reported(ANALYZE_AFTER_ROWS + 100);
    expect(await analyzeGrownTables(handle.db)).toContain('audit_event');
    expect(await statistics()).toBe(ANALYZE_AFTER_ROWS + 100);

    // 600 rows now: the next analyze waits for 500 + 3 × 600 = 2,300 more.
    await grow(2000);
    await reported(2000);
    expect(await analyzeGrownTables(handle.db)).not.toContain('audit_event');
    await grow(300);
    await reported(2300);
    expect(await analyzeGrownTables(handle.db)).toContain('audit_event');
    expect(await statistics()).toBe(2900);

    // Past the size where plans stop changing, it is autovacuum's again.
    await grow(ANALYZE_WHILE_UNDER_ROWS);
    await reported(ANALYZE_WHILE_UNDER_ROWS);
    expect(await analyzeGrownTables(handle.db)).toContain('audit_event');
    expect(await statistics()).toBeGreaterThan(ANALYZE_WHILE_UNDER_ROWS);
    await grow(4 * ANALYZE_WHILE_UNDER_ROWS);
    await reported(4 * ANALYZE_WHILE_UNDER_ROWS);
    expect(await analyzeGrownTables(handle.db)).not.toContain('audit_event');
  });

  it('analyzes as the tables\' owner when the server serves as homeroom_app, which may not analyze them itself', async () => {
    await sql`insert into sign_in_attempt (ip, username, succeeded) select '10.0.0.1', 'nobody', false from generate_series(1, ${ANALYZE_AFTER_ROWS + 100})`.execute(handle.db);
    for (let i = 0; i < 50; i++) {
      const { rows } = await sql<{ n: string }>`select n_mod_since_analyze as n from pg_stat_user_tables where relname = 'sign_in_attempt'`.execute(handle.db);
      if (Number(rows[0]?.n ?? 0) >= ANALYZE_AFTER_ROWS + 100) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const analyzed = await handle.db.connection().execute(async (connection) => {
      await sql`set role homeroom_app`.execute(connection);
      try {
        return await analyzeGrownTables(connection);
      } finally {
        await sql`reset role`.execute(connection);
      }
    });
    expect(analyzed).toContain('sign_in_attempt');
    const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class where oid = 'sign_in_attempt'::regclass`.execute(handle.db);
    expect(rows[0]!.reltuples).toBe(ANALYZE_AFTER_ROWS + 100);
  });
});
