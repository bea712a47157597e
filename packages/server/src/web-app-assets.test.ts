import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import type { DatabaseHandle } from './db/connection.ts';
import { openTestDatabase } from './db/testing.ts';

// A built web app as the build leaves it: each script and page beside its Brotli and gzip copies.
const script = `console.log(${JSON.stringify('Homeroom '.repeat(2000))});\n`;
const page = `<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`;

describe('the web app sent compressed', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'homeroom-web-'));
    mkdirSync(path.join(dir, 'assets'));
    for (const [file, content] of [['index.html', page], ['assets/index-abc.js', script]] as const) {
      writeFileSync(path.join(dir, file), content);
      writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(content));
      writeFileSync(path.join(dir, `${file}.gz`), gzipSync(content));
    }
    handle = await openTestDatabase('embedded', { migrated: false });
    app = await buildApp({ db: handle.db }, { webAppDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a script as Brotli to a browser that takes it, and says the answer varies by encoding', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.rawPayload.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without Brotli, and the plain file to one that takes neither', async () => {
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('sends the page compressed too, on any path of the app', async () => {
    for (const url of ['/', '/students/12']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(page);
    }
  });
});
