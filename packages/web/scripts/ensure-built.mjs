#!/usr/bin/env node
// Builds the web app when dist/ is missing or older than its sources, so `npm start` serves the real
// app from a fresh clone and a second start does not wait for a rebuild. Exits non-zero if the
// build fails, so the server never quietly starts with a stale page.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtMarker = path.join(web, 'dist', 'index.html');
const sources = ['src', 'index.html', 'vite.config.ts', 'scripts/precompress.ts', 'package.json', 'tsconfig.json'].map((p) => path.join(web, p));

function newestChange(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)));
  return newest;
}

export function needsBuild() {
  if (!existsSync(builtMarker)) return 'the web app has not been built yet';
  const builtAt = statSync(builtMarker).mtimeMs;
  return sources.some((source) => newestChange(source) > builtAt) ? 'the web app changed since it was last built' : null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = needsBuild();
  if (reason) {
    console.log(`Building the web app (${reason})…`);
    let vite;
    try {
      vite = path.join(path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');
    } catch {
      console.error('The web app needs building but its build tool (vite) is not installed: run `npm install` with dev dependencies, or bring a built packages/web/dist.');
      process.exit(1);
    }
    // Always React's production build: a test runner sets NODE_ENV=test, and vite would then bundle
    // React's development build (StrictMode mounting every screen twice, each first request sent
    // twice), which a later `npm start` in the same checkout would serve as it is.
    const result = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) {
      console.error('The web app did not build; see the messages above.');
      process.exit(result.status ?? 1);
    }
  }
}
