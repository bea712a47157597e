import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../packages/server/src/app.ts';
import type { DatabaseHandle } from '../../packages/server/src/db/connection.ts';
import { openTestDatabase } from '../../packages/server/src/db/testing.ts';
import { setDemoPasswords } from '../../packages/server/src/auth/demo-accounts.ts';
import { seedDistrict } from '../../packages/server/src/db/seed/index.ts';
import { createSmallDistrict, TEST_PASSWORD } from '../../packages/server/src/testing/small-district.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'e2e', 'screenshots');
export { TEST_PASSWORD };

export interface RunningHomeroom {
  baseUrl: string;
  browser: Browser;
  district: Awaited<ReturnType<typeof createSmallDistrict>>;
  db: DatabaseHandle['db'];
  close(): Promise<void>;
}

/**
 * The real server, in this process, on a fresh migrated embedded database with the small fixture
 * district, serving the real built web app; and Debian's Chromium (never a downloaded browser).
 */
export async function startHomeroom(): Promise<RunningHomeroom> {
  return serveWith(async (handle) => createSmallDistrict(handle.db));
}

/**
 * The same, on the demo district `npm start` loads (3,000 synthetic students, five schools, demo
 * accounts with the demo password): for screens whose point shows only at a real school's size.
 */
export async function startDemoHomeroom(): Promise<Omit<RunningHomeroom, 'district'>> {
  return serveWith(async (handle) => {
    const summary = await seedDistrict(handle.db, { seed: 1, students: 3000 });
    await setDemoPasswords(handle.db, summary.demoUsers);
  });
}

async function serveWith<District>(load: (handle: DatabaseHandle) => Promise<District>): Promise<Omit<RunningHomeroom, 'district'> & { district: District }> {
  // Built before the app starts: the server picks dist/ or the placeholder page at start-up.
  const build = spawnSync(process.execPath, [path.join(root, 'packages/web/scripts/ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the web app did not build:\n${build.stdout}\n${build.stderr}`);
  const handle = await openTestDatabase('embedded');
  const district = await load(handle);
  const app = await buildApp({ db: handle.db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening on a port');
  // Chromium does not run under libfaketime (its processes hang); when the suite is run with the
  // server's clock moved by faketime (issue #23: 00:30 UTC on a Monday), the browser keeps the real one.
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...browserEnv } = process.env;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    env: browserEnv as Record<string, string>,
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    browser,
    district,
    db: handle.db,
    async close() {
      await browser.close().catch(() => undefined);
      await app.close();
      await handle.close();
    },
  };
}

/**
 * The Homeroom a test file runs against: started before the file's tests (the small fixture
 * district unless `start` says otherwise), closed after them. Its fields are filled in when the
 * file's tests start; a file's own beforeAll, registered after this, may already use them.
 */
export function useHomeroom<Running extends Omit<RunningHomeroom, 'district'> = RunningHomeroom>(start: () => Promise<Running> = startHomeroom as unknown as () => Promise<Running>): Running {
  const running = {} as Running;
  beforeAll(async () => {
    Object.assign(running, await start());
  });
  afterAll(async () => {
    await running.close?.();
  });
  return running;
}

/** The page's title heading: every screen has one, and waiting for it is waiting for the screen. */
export const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

export const LAPTOP = { width: 1280, height: 800 };
export const TABLET = { width: 820, height: 1180 };

/** A browser of its own per person, so sessions never mix. CSP is bypassed only to inject axe. */
export async function newPerson(homeroom: Pick<RunningHomeroom, 'browser' | 'baseUrl'>, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await homeroom.browser.newContext({ baseURL: homeroom.baseUrl, viewport, bypassCSP: true, locale: 'en-US', timezoneId: 'America/Los_Angeles' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Fills in and sends the sign-in form, and returns without waiting for what it answers. */
export async function trySignIn(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs in and waits until the session has landed (the page has left /sign-in), so that the next
 * step never races the session cookie; a refused sign-in fails here with what the page said.
 */
export async function signIn(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await trySignIn(page, username, password);
  const landed = page.waitForURL((url) => !url.pathname.startsWith('/sign-in')).then(() => null);
  const refused = page.getByRole('alert').waitFor().then(async () => page.getByRole('alert').innerText());
  const refusal = await Promise.race([landed, refused.catch(() => new Promise<never>(() => undefined))]);
  if (refusal !== null) throw new Error(`signing in as ${username} was refused: ${refusal}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** WCAG 2.1 A and AA rules: no serious or critical violation on any screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `accessibility violations on ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A large school for the list screens: `count` invented students enrolled in one grade. */
export async function enrollManyStudents(homeroom: RunningHomeroom, count: number, schoolId: number, grade: number): Promise<void> {
  const d = homeroom.district.districtId;
  const year = await homeroom.db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow();
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
      const n = String(start + i + 1).padStart(5, '0');
      return { district_id: d, local_id: `8${n}`, state_id: `98${n}`, first_name: 'Sample', last_name: `Oakley-${n}`, birth_date: '2009-03-01', gender: 'X', cohort: 2027 };
    });
    const ids = await homeroom.db.insertInto('student').values(batch).returning('id').execute();
    await homeroom.db
      .insertInto('enrollment')
      .values(ids.map(({ id }) => ({ district_id: d, student_id: id, school_id: schoolId, school_year_id: year.id, grade_level: grade, entry_date: '2026-08-10', entry_code: 'E1' })))
      .execute();
  }
}
