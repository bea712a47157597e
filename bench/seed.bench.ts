import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase, dropDatabase, round, type BenchCase, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs one size in a child process (its own peak RSS) against a database made for it. */
function runCase(url: string, students: number, log: (line: string) => void): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'seed.case.ts'), url, String(students)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => log(line.trim())));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>) : reject(new Error(`seed case exited with ${code}`))));
  });
}

export const benchmark: Benchmark = {
  name: 'seed',
  description: 'synthetic district into PostgreSQL: 10k, 100k, 650k students (quick: 10k, 50k)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const sizes = quick ? [10_000, 50_000] : [10_000, 100_000, 650_000];
    const results: BenchCase[] = [];
    for (const students of sizes) {
      const name = `seed_bench_${students}_${process.pid}`;
      const caseUrl = new URL(await freshDatabase(url, name));
      try {
        log(`${students} students into ${name}`);
        const m = await runCase(caseUrl.toString(), students, log);
        log(`${students} students: ${m.seconds!.toFixed(1)} s, ${m.rows} rows, peak RSS ${m.peakRssMiB} MiB`);
        results.push({
          case: `${students / 1000}k-students`,
          params: { students, schools: m.schools, seed: 1, concurrency: 2 },
          metrics: {
            seconds: round(m.seconds!, 1),
            rowsPerSecond: Math.round(m.rows! / m.seconds!),
            peakRssMiB: m.peakRssMiB,
            students: m.students,
            marks: m.marks,
            rows: m.rows,
            sections: m.sections,
            rosters: m.rosters,
          },
          baseline: null,
        });
      } finally {
        await dropDatabase(url, name);
      }
    }
    return results;
  },
};
