#!/usr/bin/env node
// Fails when a dependency in package-lock.json has an install script that package.json's
// allowScripts does not name: approved (true) to run, or reviewed and blocked (false). npm 11.19
// enforces the same at install (strict-allow-scripts in .npmrc); this check holds whatever npm runs
// the install, since older ones run every script. A student-records product makes no outside call
// nobody chose: @scarf/scarf's script reported every installation to an analytics service.
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
const { allowScripts = {} } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** An entry is a name, or a name pinned to a version (name@1.2.3). */
function entryFor(name, version) {
  for (const key of [`${name}@${version}`, name]) if (key in allowScripts) return allowScripts[key];
  return undefined;
}

const unreviewed = [];
const reviewed = [];
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
  if (!entry.hasInstallScript || where === '' || !where.includes('node_modules/')) continue;
  const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const decision = entryFor(name, entry.version);
  if (decision === undefined) unreviewed.push(`${name}@${entry.version} (${where})`);
  else reviewed.push(`${name}@${entry.version}: ${decision ? 'runs (approved)' : 'blocked'}`);
}
for (const line of reviewed) console.log(`install script ${line}`);
if (unreviewed.length) {
  console.error(`install scripts nobody has reviewed (add each to allowScripts in package.json, true to run or false to block, after reading what it does):\n  ${unreviewed.join('\n  ')}`);
  process.exit(1);
}
console.log(`install scripts: ${reviewed.length} reviewed, none unreviewed`);
