// npm run bench -- NAME [--quick] [--out FILE] | --list
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeResult, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function loadBenchmarks(): Promise<Map<string, Benchmark>> {
  const found = new Map<string, Benchmark>();
  for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
    const module = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmark: Benchmark };
    found.set(module.benchmark.name, module.benchmark);
  }
  return found;
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return `PostgreSQL ${rows[0]!.v.split(' ')[0]}`;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { quick: { type: 'boolean' }, out: { type: 'string' }, list: { type: 'boolean' } },
    allowPositionals: true,
  });
  const benchmarks = await loadBenchmarks();
  if (values.list || positionals.length === 0) {
    for (const b of benchmarks.values()) console.log(`${b.name.padEnd(22)} ${b.description}`);
    return values.list ? 0 : 2;
  }
  const name = positionals[0]!;
  const benchmark = benchmarks.get(name);
  if (!benchmark) {
    console.error(`unknown benchmark '${name}'; known: ${[...benchmarks.keys()].join(', ')}`);
    return 2;
  }
  let database: string | null = null;
  if (benchmark.needsPostgres) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      console.error(`benchmark '${name}' measures PostgreSQL: set DATABASE_URL=postgres://… (it never falls back to the embedded database)`);
      return 2;
    }
    database = await postgresVersion(url);
  }
  const quick = values.quick ?? false;
  const started = Date.now();
  const results = await benchmark.run({ quick, database, log: (line) => console.error(`[${name}] ${line}`) });
  const out = values.out ?? path.join(here, 'results', `${name}${quick ? '.quick' : ''}.json`);
  writeResult(out, name, quick, database, results);
  console.table(results.map((r) => ({ case: r.case, ...flatten(r.metrics), ...(r.baseline ? prefixed('baseline.', flatten(r.baseline)) : {}) })));
  console.error(`[${name}] done in ${((Date.now() - started) / 1000).toFixed(1)} s; figures written to ${path.relative(process.cwd(), out)}`);
  return 0;
}

function flatten(metrics: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(flat, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = value;
  }
  return flat;
}

function prefixed(prefix: string, metrics: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}${k}`, v]));
}

process.exitCode = await main();
