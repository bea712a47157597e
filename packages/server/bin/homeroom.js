#!/usr/bin/env node
// The homeroom command. Sources are TypeScript, run through tsx so that a fresh clone needs no
// build step before `npx homeroom …` works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
