// The district-import benchmark's import, in a process of its own so that its peak memory is the
// import's (the seeding and the package's writing ran in the parent): `URL PACKAGE` reads the
// package, imports it, imports it again, and prints its figures as one line of JSON.
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { importDistrict, type ImportReport } from '../packages/server/src/modules/district-import/import-district.ts';
import { readDistrictPackage } from '../packages/server/src/modules/district-import/read-package.ts';

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  console.error('district-import.case: run by the district-import benchmark only');
  process.exit(2);
}

const mib = () => process.memoryUsage.rss() / 2 ** 20;
const samples: number[] = [];
const sampler = setInterval(() => samples.push(mib()), 100);

/** Seconds from each progress step to the next (checking, writing, each file's writes). */
async function timed(run: (onProgress: (step: string) => void) => Promise<ImportReport>) {
  const steps: Record<string, number> = {};
  let step = 'start';
  let at = performance.now();
  const started = at;
  const report = await run((next) => {
    const now = performance.now();
    steps[step] = (steps[step] ?? 0) + (now - at) / 1000;
    console.error(`${((now - started) / 1000).toFixed(1)} s: ${next}, rss ${Math.round(mib())} MiB`);
    step = next;
    at = now;
  });
  return { report, seconds: (performance.now() - started) / 1000, steps };
}

const handle = await openDatabase({ kind: 'postgres', url }, { poolSize: 2 });
try {
  const rssBeforeMiB = mib();
  let started = performance.now();
  const pkg = await readDistrictPackage(file);
  const readSeconds = (performance.now() - started) / 1000;
  const rssAfterReadMiB = mib();
  console.error(`read in ${readSeconds.toFixed(1)} s, rss ${Math.round(rssAfterReadMiB)} MiB`);
  const first = await timed((onProgress) => importDistrict(handle.db, { files: pkg.files, readProblems: pkg.problems, dryRun: false, onProgress }));
  if (first.report.status !== 'imported') throw new Error(`the package was refused: ${JSON.stringify(first.report.problems.slice(0, 5))}`);
  const firstPeakMiB = process.resourceUsage().maxRSS / 1024;
  started = performance.now();
  const second = await timed((onProgress) => importDistrict(handle.db, { files: pkg.files, readProblems: [], dryRun: false, onProgress }));
  const counts = Object.values(second.report.counts);
  clearInterval(sampler);
  console.log(JSON.stringify({
    readSeconds,
    seconds: readSeconds + first.seconds,
    steps: first.steps,
    secondSeconds: second.seconds,
    secondSteps: second.steps,
    secondAllUnchanged: counts.every((c) => c.unchanged === c.rows && c.created + c.updated + c.ended === 0),
    counts: first.report.counts,
    rows: Object.values(first.report.counts).reduce((n, c) => n + c.rows, 0),
    rssBeforeMiB,
    rssAfterReadMiB,
    firstPeakRssMiB: firstPeakMiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    sampledPeakRssMiB: Math.max(...samples),
  }));
} finally {
  await handle.close();
}
