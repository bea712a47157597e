import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadActor } from '../packages/server/src/auth/sessions.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { findJob } from '../packages/server/src/jobs/jobs.ts';
import { officialTranscriptContext, officialTranscriptsOf } from '../packages/server/src/modules/transcripts/official-transcript.ts';
import { startTranscriptBatch } from '../packages/server/src/modules/transcripts/transcript-batch.ts';
import { batchStudents } from '../packages/server/src/jobs/document-batch.repository.ts';
import { LayoutPool } from '../packages/server/src/pdf/layout-pool.ts';
import { recomputeDistrictGpas } from '../packages/server/src/modules/transcripts/recompute-gpas.ts';
import { freshDatabase, dropDatabase, peakRssMiB, round, type Benchmark } from './lib.ts';

/**
 * Every senior's official transcript of the synthetic district as one batch job on PostgreSQL,
 * the way the district runs it: the job reads each student's figures, lays out the PDF and writes
 * it into the zip. Resident memory is sampled through the run, so "flat" is a measured claim:
 * the peak in the last tenth of the batch against the peak in the first tenth.
 */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

export const benchmark: Benchmark = {
  name: 'transcripts-pdf',
  description: "Official transcript PDFs of every senior of a synthetic district in one batch job on PostgreSQL (full: 650k students' district; quick: 20k)",
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const students = quick ? 20_000 : 650_000;
    const name = `transcripts_pdf_bench_${process.pid}`;
    const caseUrl = new URL(await freshDatabase(url, name));
    const directory = await mkdtemp(path.join(tmpdir(), 'homeroom-transcripts-bench-'));
    process.env.HOMEROOM_DOCUMENTS_DIR = directory;
    const handle = await openDatabase({ kind: 'postgres', url: caseUrl.toString() }, { poolSize: 4 });
    try {
      await migrate(handle.db);
      log(`seeding ${students.toLocaleString('en-US')} students…`);
      const seeded = await seedDistrict(handle.db, { seed: 1, students });
      await sql`analyze`.execute(handle.db);
      log('recomputing GPAs (class rank reads them)…');
      await recomputeDistrictGpas(handle.db, seeded.districtId);
      const adminUser = await handle.db.selectFrom('app_user').innerJoin('user_role', (j) => j.onRef('user_role.user_id', '=', 'app_user.id')).select('app_user.id').where('app_user.district_id', '=', seeded.districtId).where('user_role.role', '=', 'district-admin').executeTakeFirstOrThrow();
      const actor = (await loadActor(handle.db, seeded.districtId, adminUser.id))!;
      // Where a document's time goes, on a sample of seniors: reading its figures, laying out its pages.
      const sample = (await batchStudents(handle.db, seeded.districtId, { grade: 12, schoolId: null, today: actor.today })).slice(0, 40);
      const context = await officialTranscriptContext(handle.db, seeded.districtId);
      // Read as the batch reads: the sample's students in one chunk.
      const readStarted = performance.now();
      const read = await officialTranscriptsOf(handle.db, seeded.districtId, actor.today, sample, context);
      const readMs = (performance.now() - readStarted) / sample.length;
      // Laid out as the batch lays out, on a layout worker, one at a time, once its fonts are loaded.
      const pool = new LayoutPool(1);
      await pool.render({ kind: 'transcript', transcript: read[0]! });
      const renderStarted = performance.now();
      const renderCpu = process.cpuUsage();
      for (const official of read) await pool.render({ kind: 'transcript', transcript: official });
      const renderMs = (performance.now() - renderStarted) / sample.length;
      const renderCpuMs = cpuMs(process.cpuUsage(renderCpu)) / sample.length;
      await pool.close();
      log(`per document: reading ${round(readMs, 1)} ms, laying out ${round(renderMs, 1)} ms (${round(renderCpuMs, 1)} ms of CPU)`);
      const rss: Array<{ fraction: number; mib: number }> = [];
      let printed = 0;
      let lastNote = Date.now();
      const started = performance.now();
      const batchCpu = process.cpuUsage();
      const { job, finished } = await startTranscriptBatch(handle.db, actor, { ip: null }, { grade: 12, schoolId: null }, {
        onDocument: () => {
          printed++;
          if (printed % 100 === 0) rss.push({ fraction: printed, mib: process.memoryUsage.rss() / 2 ** 20 });
          if (Date.now() - lastNote > 15_000) {
            lastNote = Date.now();
            log(`${printed.toLocaleString('en-US')} transcripts, ${round(printed / ((performance.now() - started) / 1000), 1)} a second, rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB`);
          }
        },
      });
      await finished;
      const seconds = (performance.now() - started) / 1000;
      // The process's CPU on every thread (the workers' layout with the main thread's reads and zip), PostgreSQL's not included.
      const batchCpuMs = cpuMs(process.cpuUsage(batchCpu));
      // The machine is shared: the last minute's load beside the figures says how far to trust them.
      const loadAverage1m = round(loadavg()[0]!, 2);
      const outcome = await findJob(handle.db, seeded.districtId, job.id);
      if (outcome?.status !== 'succeeded') throw new Error(`the batch failed: ${outcome?.error}`);
      const result = outcome.result as { students: number; documents: number; volumes: number };
      const zip = await stat(path.join(directory, `district-${seeded.districtId}`, `job-${job.id}`, 'transcripts.zip'));
      const tenth = Math.max(1, Math.floor(rss.length / 10));
      const peak = (samples: typeof rss) => round(Math.max(...samples.map((s) => s.mib)), 1);
      return [
        {
          case: `senior-transcripts-${students / 1000}k-district`,
          params: { districtStudents: students, grade: 12, volumeSize: 500, layoutWorkers: LayoutPool.defaultSize() },
          metrics: {
            seconds: round(seconds, 1),
            transcripts: result.documents,
            transcriptsPerSecond: round(result.documents / seconds, 1),
            sampleReadMs: round(readMs, 1),
            sampleLayoutMs: round(renderMs, 1),
            sampleLayoutCpuMs: round(renderCpuMs, 1),
            cpuMsPerTranscript: round(batchCpuMs / result.documents, 1),
            zipMiB: round(zip.size / 2 ** 20, 1),
            averagePdfKiB: round(zip.size / 1024 / result.documents, 1),
            rssFirstTenthMiB: peak(rss.slice(0, tenth)),
            rssLastTenthMiB: peak(rss.slice(-tenth)),
            peakRssMiB: peakRssMiB(),
            loadAverage1m,
          },
          baseline: null,
        },
      ];
    } finally {
      await handle.close();
      await dropDatabase(url, name);
      await rm(directory, { recursive: true, force: true });
    }
  },
};
