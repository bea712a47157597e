import { sql } from 'kysely';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { recomputeDistrictAudits } from '../packages/server/src/modules/graduation/recompute-audits.ts';
import { recomputeDistrictGpas } from '../packages/server/src/modules/transcripts/recompute-gpas.ts';
import { freshDatabase, dropDatabase, peakRssMiB, round, type BenchCase, type Benchmark } from './lib.ts';

/**
 * The district-wide recomputes on PostgreSQL: every secondary student's GPAs (the first run adds
 * them all, the second finds nothing changed) and every graduation audit, on the synthetic district.
 */
export const benchmark: Benchmark = {
  name: 'district-recompute',
  description: 'GPA and graduation-audit recompute of a synthetic district on PostgreSQL (full: 650k students; quick: 50k; BENCH_RECOMPUTE_STUDENTS for another size)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    // BENCH_RECOMPUTE_STUDENTS: a size between quick's and full's, to compare changes side by side.
    const students = Number(process.env.BENCH_RECOMPUTE_STUDENTS) || (quick ? 50_000 : 650_000);
    const name = `recompute_bench_${process.pid}`;
    const caseUrl = new URL(await freshDatabase(url, name));
    const handle = await openDatabase({ kind: 'postgres', url: caseUrl.toString() }, { poolSize: 4 });
    try {
      await migrate(handle.db);
      log(`seeding ${students.toLocaleString('en-US')} students…`);
      const seeded = await seedDistrict(handle.db, { seed: 1, students });
      await sql`analyze`.execute(handle.db);
      const districtId = seeded.districtId;
      let lastNote = 0;
      const progress = (label: string) => (done: number, total: number) => {
        if (Date.now() - lastNote > 10_000) {
          lastNote = Date.now();
          log(`${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`);
        }
      };
      log('recomputing GPAs (first run)…');
      const first = await recomputeDistrictGpas(handle.db, districtId, { onProgress: progress('gpa') });
      log('recomputing GPAs (second run: nothing should change)…');
      const second = await recomputeDistrictGpas(handle.db, districtId, { onProgress: progress('gpa again') });
      log('auditing every secondary student…');
      const audits = await recomputeDistrictAudits(handle.db, districtId, { onProgress: progress('audit') });
      const marks = seeded.marks;
      const common = { students: first.students, marks, districtStudents: seeded.students };
      const results: BenchCase[] = [
        {
          case: `gpa-recompute-${students / 1000}k-district`,
          params: { districtStudents: students, batchSize: 2000, ruleSet: first.ruleSet },
          metrics: { seconds: first.seconds, transcriptsPerSecond: Math.round(first.students / first.seconds), added: first.added, changed: first.changed, ...common, peakRssMiB: peakRssMiB() },
          baseline: null,
        },
        {
          case: `gpa-recompute-again-${students / 1000}k-district`,
          params: { districtStudents: students, batchSize: 2000 },
          metrics: { seconds: second.seconds, transcriptsPerSecond: Math.round(second.students / second.seconds), changed: second.changed, unchanged: second.unchanged, ...common, peakRssMiB: peakRssMiB() },
          baseline: null,
        },
        {
          case: `audit-recompute-${students / 1000}k-district`,
          params: { districtStudents: students, batchSize: 2000 },
          metrics: { seconds: audits.seconds, studentsPerSecond: Math.round(audits.students / audits.seconds), students: audits.students, notOnTrack: audits.notOnTrack, seniorsAtRisk: audits.seniorsAtRisk, peakRssMiB: peakRssMiB() },
          baseline: null,
        },
      ];
      for (const r of results) log(`${r.case}: ${round(Number(r.metrics.seconds), 1)} s`);
      return results;
    } finally {
      await handle.close();
      await dropDatabase(url, name);
    }
  },
};
