import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from '../connection.ts';
import type { Database } from '../schema.ts';
import { districtContext, districtRows } from './district.ts';
import { planDistrict } from './plan.ts';
import { DEMO_USERNAMES, generateSchool } from './school.ts';
import { TABLES } from './tables.ts';
import { RowWriter, Rows } from './writer.ts';

export interface SeedOptions {
  seed: number;
  students: number;
  /** Default: one school per ~650 students, as in LAUSD. */
  schools?: number;
  districtCode?: string;
  districtName?: string;
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
  /** Units written at once (PostgreSQL: each on its own connection). */
  concurrency?: number;
  /**
   * Let the database check every foreign key as rows arrive (slower by about three times).
   * Default: checked unless the role may switch the checks off for its own transactions (a
   * superuser, as the embedded database and a local PostgreSQL are).
   */
  checkForeignKeys?: boolean;
  /**
   * A district of the same code left half-loaded by a load that was stopped is removed and loaded
   * again from the start. Only while holding the load lock (whileLoading), which proves that no
   * other process is still writing it.
   */
  startOver?: boolean;
  /** Work that belongs to the load (the demo's passwords): done before the district counts as loaded. */
  afterLoad?: (summary: SeedSummary) => Promise<void>;
}

export interface SeedSummary {
  districtId: number;
  districtCode: string;
  districts: number;
  schools: number;
  students: number;
  staff: number;
  sections: number;
  rosters: number;
  /** Transcript entries (semester marks). */
  marks: number;
  /** Progress marks of the current grading periods. */
  progressMarks: number;
  requests: number;
  rows: number;
  /** Rows written per table. */
  tables: Record<string, number>;
  /** Demo accounts, one per role, passwords not yet set. */
  demoUsers: string[];
}

export class DistrictExistsError extends Error {}
export class LoadRunningError extends Error {}

const LOAD_LOCK = 72710002;

/**
 * Runs a load of the generator holding a lock that no other process can take meanwhile, so that a
 * district marked loading is known to be abandoned, not in progress elsewhere. On PostgreSQL a
 * session lock on a connection of its own (the pool's connections come and go); the embedded
 * database is one process's own.
 */
export async function whileLoading<T>(handle: DatabaseHandle, load: () => Promise<T>): Promise<T> {
  if (handle.target.kind !== 'postgres') return load();
  const client = new pg.Client({ connectionString: handle.target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [LOAD_LOCK]);
    if (!rows[0]?.locked) throw new LoadRunningError('another process is loading a synthetic district into this database: wait until it has finished, then try again');
    return await load();
  } finally {
    // Ending the session releases its lock.
    await client.end().catch(() => undefined);
  }
}

/** Districts whose load by the generator was stopped before its end, with what they hold so far. */
export async function interruptedLoads(db: Kysely<Database>): Promise<Array<{ id: number; code: string; schools: number; students: number }>> {
  const rows = await db
    .selectFrom('district')
    .select((eb) => [
      'district.id',
      'district.code',
      eb.selectFrom('school').select((s) => s.fn.countAll<number>().as('n')).whereRef('school.district_id', '=', 'district.id').as('schools'),
      eb.selectFrom('student').select((s) => s.fn.countAll<number>().as('n')).whereRef('student.district_id', '=', 'district.id').as('students'),
    ])
    .where('loading', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, schools: row.schools ?? 0, students: row.students ?? 0 }));
}

/** Deletes a district's rows, children first (used to undo a failed load). */
export async function removeDistrict(db: Kysely<Database>, districtId: number): Promise<void> {
  const tables = [...new Set(Object.values(TABLES).map((t) => t.name))].reverse();
  await db.transaction().execute(async (trx) => {
    for (const table of tables) {
      await trx.executeQuery(CompiledQuery.raw(`delete from ${table} where ${table === 'district' ? 'id' : 'district_id'} = $1`, [districtId]));
    }
  });
}

async function isSuperuser(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await db.executeQuery<{ on: boolean }>(CompiledQuery.raw(`select current_setting('is_superuser') = 'on' as on`, []));
  return rows[0]?.on === true;
}

/**
 * Generates a synthetic district (never real students) and writes it school by school: each
 * school is generated from its own random stream and written as one transaction while the next
 * is being generated, so memory stays flat however large the district, and the same seed always
 * gives the same district.
 */
export async function seedDistrict(db: Kysely<Database>, options: SeedOptions): Promise<SeedSummary> {
  const code = options.districtCode ?? 'HUSD';
  const name = options.districtName ?? 'Homeroom Unified School District';
  if (!Number.isInteger(options.students) || options.students < 100) throw new RangeError('a district needs at least 100 students');
  const existing = await db.selectFrom('district').select(['id', 'loading']).where('code', '=', code).executeTakeFirst();
  if (existing?.loading && options.startOver) await removeDistrict(db, existing.id);
  else if (existing?.loading) throw new DistrictExistsError(`district ${code} was left half-loaded by a load that was stopped, or is still being loaded (id ${existing.id})`);
  else if (existing) throw new DistrictExistsError(`district ${code} already exists (id ${existing.id}); choose another --district-code`);

  const plan = planDistrict(options.seed, options.students, options.schools);
  const checkForeignKeys = options.checkForeignKeys ?? !(await isSuperuser(db));
  const writer = new RowWriter(db, { inFlight: options.concurrency ?? 2, cellsPerStatement: 120_000, checkForeignKeys });
  const progress = options.onProgress ?? (() => undefined);

  const districtRow = new Rows();
  districtRow.add('district', null, code, name, 'CA', 'America/Los_Angeles', true);
  const districtId = (await writer.write(districtRow)).get('district')!;
  const demoSchool = plan.schools.find((s) => s.kind === 'high');
  let done = 0;
  let summary: SeedSummary;
  try {
    progress({ phase: 'catalog', done: 0, total: 1 });
    const bases = await writer.write(districtRows(districtId, plan));
    progress({ phase: 'catalog', done: 1, total: 1 });
    const ctx = districtContext(options.seed, districtId, code, plan, bases);
    for (const school of plan.schools) {
      const rows = generateSchool(ctx, school, { demo: school === demoSchool });
      await writer.submit(rows);
      progress({ phase: 'schools', done: ++done, total: plan.schools.length });
    }
    await writer.finish();
    summary = summarize(districtId, code, writer, demoSchool !== undefined);
    await options.afterLoad?.(summary);
    await db.updateTable('district').set({ loading: false }).where('id', '=', districtId).execute();
  } catch (error) {
    // Leave no half district behind: its code would be refused on the next attempt.
    await writer.finish().catch(() => undefined);
    await removeDistrict(db, districtId).catch(() => undefined);
    throw error;
  }
  // Fresh statistics, so that the first queries on the new district plan well.
  await db.executeQuery(CompiledQuery.raw('analyze', []));
  return summary;
}

function summarize(districtId: number, code: string, writer: RowWriter, demo: boolean): SeedSummary {
  const written = Object.fromEntries(writer.written);
  const n = (table: string) => written[table] ?? 0;
  return {
    districtId,
    districtCode: code,
    districts: 1,
    schools: n('school'),
    students: n('student'),
    staff: n('staff'),
    sections: n('section'),
    rosters: n('section_roster'),
    marks: n('transcript_entry'),
    progressMarks: n('mark'),
    requests: n('course_request'),
    rows: Object.values(written).reduce((a, b) => a + b, 0),
    tables: written,
    demoUsers: demo ? [...DEMO_USERNAMES] : [],
  };
}
