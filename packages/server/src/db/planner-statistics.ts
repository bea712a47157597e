import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A table is analyzed again once the rows changed since its last analyze reach three times its size
 * then (it has about quadrupled) plus this many: from empty, at 500 rows, 2,500 and 10,500. Each
 * analyze makes every connection plan its statements on the table again, so few of them: doubling
 * (five analyzes of each table in the first half minute of a cold morning bench) cost more
 * planning than the plans saved.
 */
export const ANALYZE_AFTER_ROWS = 500;
/**
 * Past this size a table is left to autovacuum: by then every lookup of the server's statements goes
 * by index and growth only makes that more so, while each analyze makes every connection plan its
 * statements on the table again (a burst of planning that teachers waiting on a save feel).
 */
export const ANALYZE_WHILE_UNDER_ROWS = 10_000;
/** At most this many tables analyzed a round, the most changed first. */
const TABLES_A_ROUND = 4;
/** Any constant shared by every Homeroom server on the database: one of them analyzes at a time. */
const ADVISORY_LOCK = 0x486f6d65;

/**
 * Keeps PostgreSQL's statistics up with tables that grow from empty, on PostgreSQL only.
 *
 * The server's statements are prepared once per connection, and PostgreSQL keeps one plan for each,
 * made for the tables as its statistics describe them then. On the first morning the attendance
 * and audit tables start empty (and a district that ran ANALYZE after loading its data has
 * statistics that say so): a plan made for an empty table reads it whole, and went on reading it
 * whole for every class as it grew to hundreds of thousands of rows — the roster read alone went
 * from 0.4 to 5 ms of the database's CPU within seconds. Autovacuum would analyze these tables, but
 * only once a minute at best, and not at all where it is turned off. An analyze replaces the kept
 * plans of every connection, so a bounded growth between analyzes bounds how wrong a plan can get;
 * past ANALYZE_WHILE_UNDER_ROWS the plans no longer change with the table's size.
 */
export async function analyzeGrownTables(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const { rows: lock } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${ADVISORY_LOCK}) as locked`.execute(trx);
    if (!lock[0]?.locked) return [];
    const { rows } = await sql<{ relname: string }>`
      select s.relname from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema() and s.n_mod_since_analyze >= ${ANALYZE_AFTER_ROWS} + 3 * greatest(c.reltuples, 0) and c.reltuples < ${ANALYZE_WHILE_UNDER_ROWS}
      order by s.n_mod_since_analyze desc limit ${TABLES_A_ROUND}`.execute(trx);
    // As the tables' owner: the server's role (homeroom_app) may not analyze them itself.
    for (const { relname } of rows) await sql`select homeroom_analyze(${relname})`.execute(trx);
    return rows.map((r) => r.relname);
  });
}

/** How often the server looks for tables that grew: a morning's tables pass 500 rows in seconds. */
const EVERY_MS = 2000;

/** analyzeGrownTables every few seconds until stopped; a round that fails is tried again next time. */
export function keepPlannerStatistics(db: Kysely<Database>, options: { onAnalyzed?: (tables: string[]) => void } = {}): { stop: () => Promise<void> } {
  let round: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    round = round.then(async () => {
      if (stopped) return;
      try {
        const tables = await analyzeGrownTables(db);
        if (tables.length) options.onAnalyzed?.(tables);
      } catch {
        // A database restarting or a lock taken by a migration: the next round tries again.
      }
    });
  }, EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
