// node --import tsx bench/statement-log.ts [--benches a,b] [--top 25] [--out FILE.json] [--from FILE.json …]
//
// The statements the benchmarks send, as PostgreSQL counts them (pg_stat_statements), and what each
// would be on Citus distributed by district_id (docs/scale-out.md). DATABASE_URL must name a
// throwaway cluster started with shared_preload_libraries = 'pg_stat_statements' and
// pg_stat_statements.track = all: the counts are reset before each benchmark, which runs at
// --quick size in a process of its own, and read after it. --from adds the statements of an
// earlier run (with --benches '' nothing runs again); --collect NAME saves what the cluster has
// counted since its last reset as bench NAME (a bench run by hand, or one stopped after its load).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { dropDatabase, freshDatabase } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The benchmarks measured, with the environment that keeps each at its quick size (one morning case). */
const BENCHES: Record<string, NodeJS.ProcessEnv> = {
  'attendance-morning': { BENCH_MORNING_CASES: '^3k-teachers-sustained-280$' },
  'district-recompute': {},
  'oneroster-export': {},
  'district-import': {},
};

interface Statement {
  bench: string;
  calls: number;
  totalMs: number;
  rows: number;
  query: string;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Every statement of the cluster since the last reset, in every database (a bench makes its own). */
const readStatements = (url: string, bench: string) =>
  query<{ calls: string; total_ms: number; rows: string; query: string }>(url, `
    select sum(calls) as calls, sum(total_exec_time) as total_ms, sum(rows) as rows, query
    from pg_stat_statements
    where query not ilike '%pg_stat_statements%'
    group by query`).then((rows) => rows.map((r): Statement => ({ bench, calls: Number(r.calls), totalMs: r.total_ms, rows: Number(r.rows), query: r.query })));

/** The tables of the migrated schema, and which of them carry district_id. */
async function schemaTables(url: string): Promise<Map<string, boolean>> {
  const scratch = await freshDatabase(url, 'statement_log_schema');
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: scratch, max: 1 }) }) });
  try {
    await migrate(db);
    const rows = await query<{ table_name: string; has_district: boolean }>(scratch, `
      select c.table_name, bool_or(c.column_name = 'district_id') as has_district
      from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' group by c.table_name`);
    return new Map(rows.map((r) => [r.table_name, r.has_district]));
  } finally {
    await db.destroy();
    await dropDatabase(url, 'statement_log_schema');
  }
}

/** Reference tables (a copy on every node) and tables kept on the coordinator: docs/scale-out.md. */
const REFERENCE = new Set(['district']);
const COORDINATOR = new Set(['schema_migration', 'sign_in_attempt']);

function tablesOf(text: string, schema: Map<string, boolean>): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(?:from|join|into|update|table)\s+(?:only\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi)) {
    const name = match[1]!.toLowerCase();
    if (schema.has(name)) found.add(name);
  }
  return [...found].sort();
}

/**
 * The script's first verdict, from the text: a statement stays on one shard when every distributed
 * table it names is pinned to one district (it compares district_id with a parameter or joins on
 * it), else it goes to every shard. docs/scale-out.md checks the top ones by hand.
 */
function verdict(text: string, tables: string[], schema: Map<string, boolean>): string {
  if (/^\s*fetch\b/i.test(text)) return 'as its cursor (declare … of the export)';
  if (/^\s*(begin|commit|rollback|set |show |select pg_|select \$1|select 1\b|savepoint|release)/i.test(text) && tables.length === 0) return 'coordinator (no table)';
  if (/\bpgboss\./i.test(text)) return 'coordinator (job queue)';
  if (tables.length === 0) return 'coordinator (catalog, no table)';
  const distributed = tables.filter((t) => !REFERENCE.has(t) && !COORDINATOR.has(t));
  if (distributed.length === 0) return 'reference / coordinator table';
  const without = distributed.filter((t) => !schema.get(t));
  if (without.length) return `crosses shards (${without.join(', ')} has no district_id)`;
  // Citus routes a statement to one shard when some district_id equals a parameter (foreign-key
  // checks spell = as OPERATOR(pg_catalog.=); an insert names it as its first column) and every
  // other distributed table joins on district_id; joins alone pin nothing.
  const toParameter = (text.match(/district_id"?\s*(=|OPERATOR\(pg_catalog\.=\))\s*\$\d+|insert into "?\w+"?\s*\(\s*"?district_id/gi) ?? []).length;
  const joined = (text.match(/district_id"?\s*=\s*"?\w+"?\."?district_id/gi) ?? []).length;
  if (toParameter === 0) return 'crosses shards (no district_id = parameter)';
  if (/^\s*(insert|copy)/i.test(text)) return 'one shard per row (insert carries district_id)';
  return toParameter + joined >= distributed.length ? 'one shard' : 'one shard if its joins keep district_id (check)';
}

/**
 * What the benchmark sends to set itself up, not what Homeroom sends: the synthetic generator's
 * bulk inserts (db/seed/writer.ts: `… from unnest(cast($1::text as …[]) …`), the migrations, the morning's district builder (one
 * set-based insert a table, once), `analyze` and the databases made and dropped.
 */
function isSetup(s: Statement): boolean {
  if (/^\s*(analyze|vacuum|create database|drop database|create extension)\b/i.test(s.query)) return true;
  // The migrations each bench's new database goes through (comments first, as in the files).
  if (/^(\s*--[^\n]*\n)*\s*(create|alter|drop|comment|grant|revoke|do)\b/i.test(s.query)) return true;
  if (/overriding system value|from unnest\(cast\(\$1::text as/i.test(s.query)) return true;
  return s.bench === 'attendance-morning' && s.calls <= 2 && /^\s*insert\b/i.test(s.query);
}

const oneLine = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

function table(statements: Statement[], schema: Map<string, boolean>, top: number): string {
  const setup = statements.filter(isSetup);
  const setupMs = setup.reduce((sum, s) => sum + s.totalMs, 0);
  return [
    `Everything measured: ${statements.length} statements (by bench), ${Math.round(setupMs + statements.filter((s) => !isSetup(s)).reduce((sum, s) => sum + s.totalMs, 0)).toLocaleString('en-US')} ms; the benchmarks' own setup (seeding, analyze, databases made and dropped): ${setup.length} statements, ${Math.round(setupMs).toLocaleString('en-US')} ms, left out below.`,
    '',
    '| bench | statements | calls | total ms |',
    '|---|---|---|---|',
    ...[...new Set(statements.map((s) => s.bench))].map((bench) => {
      const own = statements.filter((s) => s.bench === bench && !isSetup(s));
      return `| ${bench} | ${own.length} | ${own.reduce((sum, s) => sum + s.calls, 0).toLocaleString('en-US')} | ${Math.round(own.reduce((sum, s) => sum + s.totalMs, 0)).toLocaleString('en-US')} |`;
    }),
    '',
    ranked(statements.filter((s) => !isSetup(s)), schema, top),
  ].join('\n');
}

function ranked(statements: Statement[], schema: Map<string, boolean>, top: number): string {
  const merged = new Map<string, Statement & { benches: Set<string> }>();
  for (const s of statements) {
    const seen = merged.get(s.query) ?? { ...s, calls: 0, totalMs: 0, rows: 0, benches: new Set<string>() };
    seen.calls += s.calls;
    seen.totalMs += s.totalMs;
    seen.rows += s.rows;
    seen.benches.add(s.bench);
    merged.set(s.query, seen);
  }
  const all = [...merged.values()].sort((a, b) => b.totalMs - a.totalMs);
  const totalMs = all.reduce((sum, s) => sum + s.totalMs, 0);
  const lines = [
    `${all.length} distinct statements, ${Math.round(totalMs).toLocaleString('en-US')} ms in all; the top ${top} by total time:`,
    '',
    '| # | statement (opening) | bench | calls | total ms | % | rows | tables | on Citus by district_id (script) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  all.slice(0, top).forEach((s, i) => {
    const tables = tablesOf(s.query, schema);
    lines.push(`| ${i + 1} | \`${oneLine(s.query, 90).replace(/\|/g, '\\|')}\` | ${[...s.benches].join(', ')} | ${s.calls.toLocaleString('en-US')} | ${Math.round(s.totalMs).toLocaleString('en-US')} | ${((100 * s.totalMs) / totalMs).toFixed(1)} | ${s.rows.toLocaleString('en-US')} | ${tables.join(', ') || '–'} | ${verdict(s.query, tables, schema)} |`);
  });
  const byVerdict = new Map<string, { calls: number; ms: number }>();
  for (const s of all) {
    const v = verdict(s.query, tablesOf(s.query, schema), schema).replace(/ \(.*\)$/, '');
    const seen = byVerdict.get(v) ?? { calls: 0, ms: 0 };
    seen.calls += s.calls;
    seen.ms += s.totalMs;
    byVerdict.set(v, seen);
  }
  lines.push('', '| verdict (every statement) | calls | total ms | % of time |', '|---|---|---|---|');
  for (const [v, { calls, ms }] of [...byVerdict].sort((a, b) => b[1].ms - a[1].ms)) {
    lines.push(`| ${v} | ${calls.toLocaleString('en-US')} | ${Math.round(ms).toLocaleString('en-US')} | ${((100 * ms) / totalMs).toFixed(1)} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { benches: { type: 'string' }, top: { type: 'string' }, out: { type: 'string' }, from: { type: 'string', multiple: true }, collect: { type: 'string' } } });
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL: a throwaway PostgreSQL cluster with pg_stat_statements preloaded (docs/scale-out.md says how to make one)');
    return 2;
  }
  const top = Number(values.top ?? 25);
  const statements: Statement[] = (values.from ?? []).flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as Statement[]);
  const scratch = mkdtempSync(path.join(tmpdir(), 'statement-log-'));
  const out = values.out ?? path.join(scratch, 'statements.json');
  if (values.collect) {
    statements.push(...(await readStatements(url, values.collect)));
  } else {
    await query(url, 'create extension if not exists pg_stat_statements');
    const [{ track }] = await query<{ track: string }>(url, "select current_setting('pg_stat_statements.track') as track") as [{ track: string }];
    if (track !== 'all') console.error(`pg_stat_statements.track is ${track}: statements inside functions are not counted (set it to all)`);
    for (const bench of (values.benches ?? Object.keys(BENCHES).join(',')).split(',').filter(Boolean)) {
      await query(url, 'select pg_stat_statements_reset()');
      console.error(`[statement-log] ${bench} --quick…`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'run.ts'), bench, '--quick', '--out', path.join(scratch, `${bench}.json`)], {
        env: { ...process.env, ...BENCHES[bench] }, stdio: ['ignore', 'ignore', 'inherit'],
      });
      if (run.status !== 0) {
        console.error(`[statement-log] ${bench} failed (exit ${run.status})`);
        return 1;
      }
      statements.push(...(await readStatements(url, bench)));
    }
  }
  writeFileSync(out, JSON.stringify(statements));
  console.error(`[statement-log] statements written to ${out}`);
  console.log(table(statements, await schemaTables(url), top));
  return 0;
}

process.exitCode = await main();
