// Reads a district package from a folder or a .zip. What a hostile or broken package can do is
// refused here, before any parsing: an entry whose path climbs out of the package, a file larger
// than the limit (refused from its declared size, never read whole), text that is not UTF-8.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { ImportProblem, PackageFileText } from '@homeroom/core/formats/oneroster/district-package';

/** Larger than any real district's file (LAUSD's enrollments are ~400 MB): a 2 GB file is refused. */
export const DEFAULT_FILE_SIZE_LIMIT = 1024 * 1024 * 1024;

export interface ReadPackage {
  files: PackageFileText[];
  problems: ImportProblem[];
}

export class UnreadablePackageError extends Error {}

export async function readDistrictPackage(where: string, options: { fileSizeLimit?: number } = {}): Promise<ReadPackage> {
  const limit = options.fileSizeLimit ?? DEFAULT_FILE_SIZE_LIMIT;
  let stat;
  try {
    stat = await lstat(where);
  } catch (error) {
    throw new UnreadablePackageError(`cannot read ${where}: ${(error as Error).message}`);
  }
  if (stat.isDirectory()) return readFolder(where, limit);
  if (stat.isFile()) return readZip(where, limit);
  throw new UnreadablePackageError(`${where} is neither a folder nor a .zip file`);
}

/** A file's bytes are kept in pieces of about this size, each deflated on its own. */
const PIECE_BYTES = 1024 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * The text of one file, kept deflated a piece at a time and inflated again piece by piece each time
 * it is read (the check reads every file once, the district's org again): a district's files are
 * hundreds of megabytes of text that the import needs only while it checks them, and the import
 * holds its files until it ends. A CSV deflates to about a tenth. Each piece ends on a whole UTF-8
 * character, so each is checked and decoded on its own.
 */
class DeflatedText implements Iterable<string> {
  private readonly pieces: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private started = false;
  /** Bytes of a character the last chunk cut, carried to the next piece. */
  private tail: Buffer = Buffer.alloc(0);
  /** The first bad byte's line, once a piece is not UTF-8. */
  badLine: number | null = null;

  add(chunk: Buffer): void {
    if (this.badLine !== null) return;
    if (!this.started) {
      this.started = true;
      if (BOM.every((b, i) => chunk[i] === b)) chunk = chunk.subarray(3);
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= PIECE_BYTES) this.seal(false);
  }

  /** Ends the text; false when it is not UTF-8 (`badLine` says where). */
  end(): boolean {
    this.seal(true);
    return this.badLine === null;
  }

  private seal(last: boolean): void {
    if (this.badLine !== null) return;
    let bytes = Buffer.concat([this.tail, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
    this.tail = Buffer.alloc(0);
    if (!last) {
      // Cut before the last character's first byte when its bytes may continue in the next chunk.
      let cut = bytes.length;
      let back = 0;
      while (cut > 0 && back < 4 && (bytes[cut - 1]! & 0xc0) === 0x80) {
        cut--;
        back++;
      }
      if (cut > 0 && bytes[cut - 1]! >= 0xc0) cut--;
      this.tail = Buffer.from(bytes.subarray(cut));
      bytes = bytes.subarray(0, cut);
    }
    if (bytes.length === 0) return;
    if (!isUtf8(bytes)) {
      // Lines are counted only now, in the pieces before: a problem's path, not every file's.
      this.badLine = 1 + this.pieces.reduce((n, p) => n + linesBefore(inflateRawSync(p), Infinity), 0) + linesBefore(bytes, firstBadByte(bytes));
      this.pieces.length = 0;
      return;
    }
    this.pieces.push(deflateRawSync(bytes, { level: 1 }));
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const piece of this.pieces) yield inflateRawSync(piece).toString('utf8');
  }
}

function linesBefore(bytes: Buffer, end: number): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < end; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

/** Where a byte sequence stops being UTF-8 (only asked once it is known not to be). */
function firstBadByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let at = 0; at < bytes.length; at++) {
    try {
      decoder.decode(bytes.subarray(at, at + 1), { stream: true });
    } catch {
      return at;
    }
  }
  return bytes.length;
}

function notUtf8(name: string, row: number): ImportProblem {
  return { file: name, row, column: null, code: 'invalid-encoding', message: `${name} is not UTF-8 (a byte that UTF-8 does not allow near line ${row}); save it as UTF-8` };
}

function tooLarge(name: string, size: number, limit: number): ImportProblem {
  return { file: name, row: null, column: null, code: 'file-too-large', message: `${name} is ${size} bytes, more than the ${limit} bytes an import file may be` };
}

async function readFolder(folder: string, limit: number): Promise<ReadPackage> {
  const problems: ImportProblem[] = [];
  const files: PackageFileText[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      problems.push({ file: entry.name, row: null, column: null, code: 'path-outside-package', message: `${entry.name} is a symbolic link; a package holds its files itself` });
      continue;
    }
    if (entry.isDirectory()) {
      problems.push({ file: entry.name, row: null, column: null, code: 'unknown-file', message: `${entry.name} is a folder; the package's files must be at its top level` });
      continue;
    }
    const size = (await lstat(full)).size;
    if (size > limit) {
      problems.push(tooLarge(entry.name, size, limit));
      continue;
    }
    const text = new DeflatedText();
    for await (const chunk of createReadStream(full, { highWaterMark: PIECE_BYTES }) as AsyncIterable<Buffer>) text.add(chunk);
    if (text.end()) files.push({ name: entry.name, text });
    else problems.push(notUtf8(entry.name, text.badLine!));
  }
  return { files, problems };
}

/** A zip entry's name that stays inside the package: relative, no `..`, no drive, no backslash. */
export function entryClimbsOut(name: string): boolean {
  if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return true;
  return name.split('/').some((part) => part === '..');
}

function readZip(file: string, limit: number): Promise<ReadPackage> {
  return new Promise((resolve, reject) => {
    // yauzl's own name check would stop the whole zip at the first bad entry; ours reports every
    // one, so names are decoded here (decodeStrings: false).
    yauzl.open(file, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true, decodeStrings: false }, (error, zip) => {
      if (error || !zip) {
        reject(new UnreadablePackageError(`cannot read ${file} as a zip: ${error?.message ?? 'unknown error'}`));
        return;
      }
      const problems: ImportProblem[] = [];
      const files: PackageFileText[] = [];
      zip.on('error', (e: Error) => reject(new UnreadablePackageError(`cannot read ${file} as a zip: ${e.message}`)));
      zip.on('end', () => resolve({ files: files.sort((a, b) => a.name.localeCompare(b.name)), problems }));
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = Buffer.isBuffer(entry.fileName) ? (entry.fileName as Buffer).toString('utf8') : String(entry.fileName);
        if (entryClimbsOut(name)) {
          problems.push({ file: name, row: null, column: null, code: 'path-outside-package', message: `the zip entry "${name}" climbs out of the package's folder; it was not read` });
          zip.readEntry();
          return;
        }
        if (name.endsWith('/')) {
          zip.readEntry();
          return;
        }
        if (name.includes('/')) {
          problems.push({ file: name, row: null, column: null, code: 'unknown-file', message: `${name} is in a folder of the zip; the package's files must be at its top level` });
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > limit) {
          problems.push(tooLarge(name, entry.uncompressedSize, limit));
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            reject(new UnreadablePackageError(`cannot read ${name} in ${file}: ${e?.message ?? 'unknown error'}`));
            return;
          }
          const text = new DeflatedText();
          let size = 0;
          let finished = false;
          const finish = () => {
            if (finished) return;
            finished = true;
            if (size > limit) problems.push(tooLarge(name, size, limit));
            else if (text.end()) files.push({ name, text });
            else problems.push(notUtf8(name, text.badLine!));
            zip.readEntry();
          };
          stream.on('data', (c: Buffer) => {
            size += c.length;
            // A zip can lie about sizes: stop at the limit whatever it declared.
            if (size > limit) {
              stream.destroy();
              finish();
              return;
            }
            text.add(c);
          });
          stream.on('error', (err: Error) => {
            if (!finished) reject(new UnreadablePackageError(`cannot read ${name} in ${file}: ${err.message}`));
          });
          stream.on('end', finish);
        });
      });
      zip.readEntry();
    });
  });
}
