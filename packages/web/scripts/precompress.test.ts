import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress.ts';

describe('precompressing the built web app', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a Brotli and a gzip copy of each script, style and page, which decompress to the original', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'homeroom-dist-'));
    mkdirSync(path.join(dir, 'assets'));
    const script = `export const rows = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ student: i, present: i % 7 !== 0 })))};\n`;
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), script);
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html>${'<p>Homeroom</p>'.repeat(200)}`);
    writeFileSync(path.join(dir, 'tiny.css'), 'p{}');
    writeFileSync(path.join(dir, 'logo.png'), Buffer.alloc(4096));

    const written = precompressDirectory(dir);

    expect(written.map((w) => path.relative(dir, w.file)).sort()).toEqual(['assets/index-abc.js', 'index.html']);
    const js = path.join(dir, 'assets', 'index-abc.js');
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(readFileSync(`${js}.br`).length).toBeLessThan(script.length / 4);
    // Too small to gain, or compressed already.
    expect(existsSync(path.join(dir, 'tiny.css.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'logo.png.br'))).toBe(false);
  });
});
