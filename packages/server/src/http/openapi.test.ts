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
});
