// One side of the oneroster-export benchmark, in a process of its own so that its memory is its
// own (the seeding's is not counted): `export URL DISTRICT TODAY FILE` writes the package and
// prints its figures; `serve URL` starts the Homeroom server on loopback and tells the parent its port.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { buildApp } from '../packages/server/src/app.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { exportOneRoster } from '../packages/server/src/modules/oneroster/export-oneroster.ts';

const [mode, url] = process.argv.slice(2);
if (!url) {
  console.error('oneroster-export.case: run by the oneroster-export benchmark only');
  process.exit(2);
}

if (mode === 'export') {
  const [, , districtId, today, file] = process.argv.slice(2);
  const handle = await openDatabase({ kind: 'postgres', url }, { poolSize: 2 });
  const samples: number[] = [];
  const sample = setInterval(() => samples.push(process.memoryUsage.rss() / 2 ** 20), 100);
  const rssBefore = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  const out = createWriteStream(file!);
  const summary = await exportOneRoster(handle.db, out, { districtId: Number(districtId), today: today!, onFile: (name) => console.error(`${name} written at ${((performance.now() - started) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB`) });
  out.end();
  await finished(out);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sample);
  await handle.close();
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  console.log(JSON.stringify({
    seconds, bytes: (await stat(file!)).size, files: summary.files, rssBeforeMiB: rssBefore, rssSamples: samples.length,
    sampledPeakRssMiB: Math.max(...samples), rssFirstTenthMiB: Math.max(...samples.slice(0, tenth)), rssLastTenthMiB: Math.max(...samples.slice(-tenth)),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
} else if (mode === 'serve') {
  const handle = await openDatabase({ kind: 'postgres', url }, { poolSize: 4 });
  const app = await buildApp({ db: handle.db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const stop = async () => {
    await app.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    process.send!({ stopped: true, peakRssMiB: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
  };
  setTimeout(() => void stop(), 30 * 60 * 1000).unref();
  process.on('disconnect', () => void stop());
  process.on('message', (message: { stop?: boolean }) => {
    if (message.stop) void stop();
  });
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
}
