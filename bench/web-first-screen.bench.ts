// The teacher's first screen on the first morning: how long from opening Homeroom in a browser to
// the teacher's students drawn, on the demo district, served by the real server (embedded database)
// to Debian's Chromium over loopback. Beside it, in the same run, the sign-in page: the same browser
// and server drawing a page that needs no data, so the ratio shows what the teacher's data costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { median, percentile, round, type BenchCase, type Benchmark } from './lib.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'homeroom-demo';

async function startDemoServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['packages/server/bin/homeroom.js', 'serve', '--demo'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', HOMEROOM_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the demo server stopped with exit code ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error('the demo server did not answer /api/health within 3 minutes');
}

/** Milliseconds from navigation to `ready`, in a new browser context each time: nothing cached, as on a first visit. */
async function timeLoads(browser: Browser, base: string, times: number, url: string, ready: string, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const context = await browser.newContext({ baseURL: base, ...(storageState ? { storageState } : {}) });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    samples.push(performance.now() - started);
    await context.close();
  }
  return samples;
}

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: round(median(samples), 1), p90: round(percentile(sorted, 90), 1), max: round(sorted.at(-1)!, 1) };
};

export const benchmark: Benchmark = {
  name: 'web-first-screen',
  description: "the teacher's first screen in Chromium on the demo district (goal: under a second), beside the sign-in page",
  needsPostgres: false,
  async run({ quick, log }) {
    const times = quick ? 5 : 15;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-web-bench-'));
    const port = 3900 + Math.floor(Math.random() * 90);
    const base = `http://127.0.0.1:${port}`;
    log('building the web app if needed and starting the demo server (embedded database, demo district)');
    const build = spawn(process.execPath, ['packages/web/scripts/ensure-built.mjs'], { cwd: root, stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the web build failed (exit ${code})`)))));
    const server = await startDemoServer(port, dataDir);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const signIn = await browser.newContext({ baseURL: base });
      const page = await signIn.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill('teacher');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
      const teacher = await signIn.storageState();
      await signIn.close();

      const studentsDrawn = 'section[aria-labelledby="my-students"] table, section[aria-labelledby="my-students"] p:has-text("No students are on your class rosters")';
      // Alternated in rounds, so that a busy moment of the shared machine falls on both alike.
      const firstScreen: number[] = [];
      const signInPage: number[] = [];
      for (let round = 0; round < times; round++) {
        signInPage.push(...(await timeLoads(browser, base, 1, '/sign-in', 'button:has-text("Sign in")')));
        firstScreen.push(...(await timeLoads(browser, base, 1, '/', studentsDrawn, teacher)));
      }
      const first = summary(firstScreen);
      const plain = summary(signInPage);
      log(`teacher's first screen: median ${first.median} ms (p90 ${first.p90}); sign-in page: median ${plain.median} ms`);
      const result: BenchCase = {
        case: 'teacher-first-screen-demo-district',
        params: { loads: times, district: 'demo (5 schools, 3,000 students)', database: 'embedded', browser: 'Debian Chromium, headless, new context per load (nothing cached)', goalMs: 1000 },
        metrics: {
          firstScreenMs: first,
          underGoal: first.median < 1000,
          ratioToSignInPage: round(first.median / plain.median, 2),
          loadAverage1m: round(os.loadavg()[0]!, 1),
        },
        baseline: { name: 'sign-in page (same server and browser, no data)', signInPageMs: plain },
      };
      return [result];
    } finally {
      await browser.close();
      server.kill('SIGINT');
      await new Promise((resolve) => server.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
