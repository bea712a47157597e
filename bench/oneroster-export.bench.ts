import { spawn, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ROSTER_CORE } from '../packages/server/src/auth/api-token-scopes.ts';
import { districtToday } from '../packages/server/src/clock.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { registerOAuthClient } from '../packages/server/src/modules/oauth/oauth-clients.ts';
import { freshDatabase, dropDatabase, round, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CASE = path.join(here, 'oneroster-export.case.ts');

/** The whole CSV export in a process of its own: its time and its memory, sampled through the run. */
interface ExportFigures {
  seconds: number;
  bytes: number;
  files: Record<string, number>;
  rssBeforeMiB: number;
  rssSamples: number;
  sampledPeakRssMiB: number;
  rssFirstTenthMiB: number;
  rssLastTenthMiB: number;
  maxRssMiB: number;
}

function runExport(url: string, districtId: number, today: string, file: string, log: (line: string) => void): Promise<ExportFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CASE, 'export', url, String(districtId), today, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => log(line.trim())));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ExportFigures) : reject(new Error(`the export exited with ${code}`))));
  });
}

/** The real HTTP server on loopback, in a process of its own; resolves with its port and a way to stop it. */
function startServer(url: string): Promise<{ port: number; stop(): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const child = fork(CASE, ['serve', url], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('error', reject);
    child.once('message', (message: { port?: number }) => {
      if (!message.port) return reject(new Error('the server did not start'));
      resolve({
        port: message.port,
        stop: () => new Promise((done) => {
          child.once('message', (m: { peakRssMiB?: number }) => done(m.peakRssMiB ?? 0));
          child.send({ stop: true });
        }),
      });
    });
  });
}

/**
 * The district out through OneRoster on PostgreSQL: the whole CSV export (seconds, and resident
 * memory sampled every 100 ms in the exporting process, so "flat" is a measured claim: the peak of
 * the last tenth of the run against the first), and the REST service through the real HTTP server
 * with an OAuth client's token, paging through every student 1,000 at a time.
 */
export const benchmark: Benchmark = {
  name: 'oneroster-export',
  description: 'OneRoster CSV export of a synthetic district and REST paging through all its students with an OAuth client (full: 650k students; quick: 10k)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const students = Number(process.env.BENCH_STUDENTS) || (quick ? 10_000 : 650_000);
    const name = `oneroster_export_bench_${process.pid}`;
    const caseUrl = new URL(await freshDatabase(url, name));
    const directory = await mkdtemp(path.join(tmpdir(), 'homeroom-oneroster-bench-'));
    const handle = await openDatabase({ kind: 'postgres', url: caseUrl.toString() }, { poolSize: 4 });
    try {
      await migrate(handle.db);
      log(`seeding ${students.toLocaleString('en-US')} students…`);
      const seedStarted = performance.now();
      const seeded = await seedDistrict(handle.db, { seed: 1, students });
      await sql`analyze`.execute(handle.db);
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      log(`seeded in ${seedSeconds.toFixed(1)} s`);
      const today = await districtToday(handle.db, seeded.districtId);

      log('exporting the district (CSV)…');
      const exported = await runExport(caseUrl.toString(), seeded.districtId, today, path.join(directory, 'oneroster.zip'), log);
      log(`export: ${exported.seconds.toFixed(1)} s, sampled peak RSS ${Math.round(exported.sampledPeakRssMiB)} MiB`);

      const client = await registerOAuthClient(handle.db, null, { ip: null }, seeded.districtId, { name: 'Bench learning platform', scopes: [ROSTER_CORE], requestsPerMinute: 100_000 });
      const server = await startServer(caseUrl.toString());
      let paged = 0;
      let pages = 0;
      let restSeconds = 0;
      let total = 0;
      const pageMs: number[] = [];
      try {
        const base = `http://127.0.0.1:${server.port}`;
        const tokenAnswer = await fetch(`${base}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'client_credentials', scope: ROSTER_CORE }).toString(),
        });
        if (!tokenAnswer.ok) throw new Error(`token: ${tokenAnswer.status} ${await tokenAnswer.text()}`);
        const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
        log('paging through every student over REST, 1,000 a page…');
        const started = performance.now();
        for (let offset = 0; ; offset += 1000) {
          const pageStarted = performance.now();
          const answer = await fetch(`${base}/ims/oneroster/rostering/v1p2/students?limit=1000&offset=${offset}`, { headers: { authorization: `Bearer ${token}` } });
          if (!answer.ok) throw new Error(`page at ${offset}: ${answer.status} ${await answer.text()}`);
          const body = (await answer.json()) as { users: unknown[] };
          pageMs.push(performance.now() - pageStarted);
          total = Number(answer.headers.get('x-total-count'));
          paged += body.users.length;
          pages++;
          if (pages % 50 === 0) log(`${paged.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} students, ${Math.round(paged / ((performance.now() - started) / 1000))} a second`);
          if (body.users.length < 1000 || offset + 1000 >= total) break;
        }
        restSeconds = (performance.now() - started) / 1000;
      } finally {
        const serverPeak = await server.stop();
        log(`server peak RSS ${Math.round(serverPeak)} MiB`);
      }
      if (paged !== total) throw new Error(`paged ${paged} students of ${total}`);
      const sorted = [...pageMs].sort((a, b) => a - b);
      const label = `${students / 1000}k-students`;
      return [
        {
          case: `csv-export-${label}`,
          params: { students, schools: seeded.schools, seed: 1, batch: 5000 },
          metrics: {
            seconds: round(exported.seconds, 1),
            zipMiB: round(exported.bytes / 2 ** 20, 1),
            users: exported.files['users.csv'],
            enrollments: exported.files['enrollments.csv'],
            classes: exported.files['classes.csv'],
            rowsPerSecond: Math.round(Object.values(exported.files).reduce((a, b) => a + b, 0) / exported.seconds),
            rssBeforeMiB: round(exported.rssBeforeMiB, 1),
            rssFirstTenthMiB: round(exported.rssFirstTenthMiB, 1),
            rssLastTenthMiB: round(exported.rssLastTenthMiB, 1),
            peakRssMiB: round(exported.sampledPeakRssMiB, 1),
            rssSamples: exported.rssSamples,
            seedSeconds: round(seedSeconds, 1),
          },
          baseline: null,
        },
        {
          case: `rest-students-paging-${label}`,
          params: { students, pageSize: 1000, client: 'OAuth 2.0 client credentials, roster-core.readonly', transport: 'HTTP on loopback, server in its own process' },
          metrics: {
            seconds: round(restSeconds, 1),
            records: paged,
            pages,
            recordsPerSecond: Math.round(paged / restSeconds),
            pageMs: { p50: round(sorted[Math.floor(sorted.length / 2)]!, 1), p95: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!, 1), max: round(sorted.at(-1)!, 1) },
            firstPageMs: round(pageMs[0]!, 1),
            lastPageMs: round(pageMs.at(-1)!, 1),
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
