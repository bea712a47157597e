import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** One measured case of a benchmark (`homeroom.bench/v1`). */
export interface BenchCase {
  case: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown> | null;
}

export interface BenchContext {
  quick: boolean;
  /** PostgreSQL 15 server version when the benchmark uses DATABASE_URL, else null. */
  database: string | null;
  log(line: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  /** True when the benchmark needs DATABASE_URL (it then refuses to run without it). */
  needsPostgres: boolean;
  run(context: BenchContext): Promise<BenchCase[]>;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(sortedValues: number[], p: number): number {
  if (sortedValues.length === 0) return 0;
  const index = Math.min(sortedValues.length - 1, Math.ceil((p / 100) * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)]!;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function writeResult(file: string, name: string, quick: boolean, database: string | null, results: BenchCase[]): void {
  const document = {
    format: 'homeroom.bench/v1',
    name,
    quick,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    commit: commit(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      database,
    },
    results,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}

/** One statement as the PostgreSQL server's administrator: the database of a case, made or dropped. */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * An empty database of its own for one case on the PostgreSQL server at `serverUrl` (a run that
 * crashed may have left one of the name behind: it goes first); its URL.
 */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  await adminQuery(serverUrl, `create database ${name}`);
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}
