// The district import on PostgreSQL (issue #16): a seeded synthetic district exported with
// `homeroom export oneroster` (plus its transcripts in homeroom-transcripts.jsonl, in the same zip),
// imported into an empty database, then imported again (every count must be `unchanged`). The import
// runs in a child process (district-import.case.ts), so its peak memory is its own and not the
// seeding's; two sizes make "memory flat in the district's size" a measured claim.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { districtToday } from '../packages/server/src/clock.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { writeBenchPackage } from './district-import.package.ts';
import { freshDatabase, dropDatabase, round, type BenchCase, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface ImportFigures {
  readSeconds: number;
  seconds: number;
  steps: Record<string, number>;
  secondSeconds: number;
  secondSteps: Record<string, number>;
  secondAllUnchanged: boolean;
  rows: number;
  rssBeforeMiB: number;
  rssAfterReadMiB: number;
  firstPeakRssMiB: number;
  peakRssMiB: number;
  sampledPeakRssMiB: number;
}

function runImport(url: string, file: string, log: (line: string) => void): Promise<ImportFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'district-import.case.ts'), url, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => log(`import: ${line.trim()}`)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ImportFigures) : reject(new Error(`the import exited with ${code}`))));
  });
}

const rounded = (steps: Record<string, number>) => Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v, 2)]));

export const benchmark: Benchmark = {
  name: 'district-import',
  description: 'OneRoster export of a seeded district (+ transcripts) imported into an empty PostgreSQL database, then again, the import in a process of its own (full: 100k and 650k students; quick: 2k and 10k; BENCH_STUDENTS=N for one size)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const sizes = process.env.BENCH_STUDENTS ? process.env.BENCH_STUDENTS.split(',').map(Number) : quick ? [2_000, 10_000] : [100_000, 650_000];
    const results: BenchCase[] = [];
    for (const size of sizes) {
      const source = `import_bench_src_${process.pid}`;
      const target = `import_bench_dst_${process.pid}`;
      const dir = await mkdtemp(path.join(os.tmpdir(), 'homeroom-import-bench-'));
      try {
        const sourceUrl = await freshDatabase(url, source);
        const targetUrl = await freshDatabase(url, target);
        const src = await openDatabase({ kind: 'postgres', url: sourceUrl }, { poolSize: 4 });
        let pkg;
        try {
          await migrate(src.db);
          log(`seeding ${size.toLocaleString('en-US')} students…`);
          const seeded = await seedDistrict(src.db, { seed: 1, students: size });
          await sql`analyze`.execute(src.db);
          log('exporting the district (homeroom export oneroster) and its transcripts…');
          const started = performance.now();
          pkg = await writeBenchPackage(src.db, seeded.districtId, await districtToday(src.db, seeded.districtId), path.join(dir, 'package.zip'));
          log(`package: ${round(pkg.bytes / 2 ** 20, 1)} MiB zipped in ${round((performance.now() - started) / 1000, 1)} s, ${JSON.stringify(pkg.files)}`);
        } finally {
          await src.close();
        }
        await dropDatabase(url, source);
        const dst = await openDatabase({ kind: 'postgres', url: targetUrl }, { poolSize: 1 });
        try {
          await migrate(dst.db);
        } finally {
          await dst.close();
        }
        // To profile the import on the same package again (BENCH_KEEP_PACKAGE=folder).
        if (process.env.BENCH_KEEP_PACKAGE) await copyFile(pkg.file, path.join(process.env.BENCH_KEEP_PACKAGE, `district-${size}.zip`));
        log(`importing ${pkg.students.toLocaleString('en-US')} students, ${pkg.marks.toLocaleString('en-US')} marks…`);
        const m = await runImport(targetUrl, pkg.file, log);
        log(`${size}: ${round(m.seconds, 1)} s (read ${round(m.readSeconds, 1)}, check ${round(m.steps.checking ?? 0, 1)}), again ${round(m.secondSeconds, 1)} s, unchanged: ${m.secondAllUnchanged}, peak RSS ${Math.round(m.peakRssMiB)} MiB`);
        results.push({
          case: `district-import-${size / 1000}k-students`,
          params: { seededStudents: size, package: 'homeroom export oneroster + homeroom-transcripts.jsonl (zip)', zipMiB: round(pkg.bytes / 2 ** 20, 1), files: Object.keys(pkg.files).length + 1, rows: m.rows },
          metrics: {
            seconds: round(m.seconds, 2),
            readSeconds: round(m.readSeconds, 2),
            checkingSeconds: round(m.steps.checking ?? 0, 2),
            writingSeconds: round((m.seconds - m.readSeconds) - (m.steps.start ?? 0) - (m.steps.checking ?? 0), 2),
            steps: rounded(m.steps),
            secondSeconds: round(m.secondSeconds, 2),
            secondSteps: rounded(m.secondSteps),
            secondAllUnchanged: m.secondAllUnchanged,
            students: pkg.students,
            marks: pkg.marks,
            rowsPerSecond: Math.round(m.rows / m.seconds),
            rssAfterReadMiB: round(m.rssAfterReadMiB, 1),
            firstPeakRssMiB: round(m.firstPeakRssMiB, 1),
            peakRssMiB: round(m.peakRssMiB, 1),
          },
          baseline: null,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
        for (const name of [source, target]) await dropDatabase(url, name);
      }
    }
    return results;
  },
};
