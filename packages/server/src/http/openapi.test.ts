import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../routes.ts';
import { openApiDocument } from './openapi.ts';

/** The contract a generated client is built from: every operation named once, in the school's words. */
describe('the OpenAPI document', () => {
  const doc = openApiDocument(routeTable);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ at: `${method.toUpperCase()} ${path}`, ...(operation as { operationId?: string }) })));

  it('names every operation with a camelCase verb', () => {
    expect(operations).toHaveLength(routeTable.length);
    for (const { at, operationId } of operations) expect(operationId, at).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)*$/);
  });

  it('gives no two operations the same name', () => {
    const seen = new Map<string, string>();
    for (const { at, operationId } of operations) {
      expect(seen.get(operationId!), `${at} and ${seen.get(operationId!)} are both ${operationId}`).toBeUndefined();
      seen.set(operationId!, at);
    }
  });

  it("passes the OpenAPI linter's recommended rules with no warning", () => {
    const folder = mkdtempSync(join(tmpdir(), 'homeroom-openapi-'));
    try {
      const file = join(folder, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
      const config = fileURLToPath(new URL('../../../../redocly.yaml', import.meta.url));
      // No call out: the linter's telemetry and update check are off.
      const run = spawnSync(process.execPath, [cli, 'lint', '--config', config, '--format', 'json', file], {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        timeout: 60_000,
      });
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }> };
      expect(report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`)).toEqual([]);
      expect(run.status, run.stderr).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
