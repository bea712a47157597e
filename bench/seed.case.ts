// One case of the seed benchmark, run in its own process so that its peak RSS is its own:
//   node --import tsx bench/seed.case.ts DATABASE_URL STUDENTS
// Prints one JSON line: seconds, rows, students, marks, peakRssMiB.
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import type { Kysely } from 'kysely';

const [url, students] = process.argv.slice(2);
if (!url || !students) throw new Error('usage: seed.case.ts DATABASE_URL STUDENTS');
const handle = await openDatabase({ kind: 'postgres', url }, { poolSize: 4 });
try {
  await migrate(handle.db as unknown as Kysely<unknown>);
  const started = performance.now();
  let last = 0;
  const summary = await seedDistrict(handle.db, {
    seed: 1,
    students: Number(students),
    onProgress: ({ phase, done, total }) => {
      const now = performance.now();
      if (now - last > 15_000 || done === total) {
        last = now;
        process.stderr.write(`  ${phase} ${done}/${total} at ${((now - started) / 1000).toFixed(0)} s, rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({
    seconds,
    rows: summary.rows,
    students: summary.students,
    schools: summary.schools,
    marks: summary.marks,
    sections: summary.sections,
    rosters: summary.rosters,
    peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
  })}\n`);
} finally {
  await handle.close();
}
