// Reads a district package from a folder or a .zip. What a hostile or broken package can do is
// refused here, before any parsing: an entry whose path climbs out of the package, a file larger
// than the limit (refused from its declared size, never read whole), text that is not UTF-8.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
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

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decode(name: string, bytes: Buffer, problems: ImportProblem[]): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    // Where the first bad byte is, so the district can find it.
    let row = 1;
    let at = 0;
    for (; at < bytes.length; at++) {
      try {
        decoder.decode(bytes.subarray(0, at + 1), { stream: true });
      } catch {
        break;
      }
      if (bytes[at] === 0x0a) row++;
    }
    problems.push({ file: name, row, column: null, code: 'invalid-encoding', message: `${name} is not UTF-8 (a byte that UTF-8 does not allow near line ${row}); save it as UTF-8` });
    return null;
  }
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
    const text = decode(entry.name, await readFile(full), problems);
    if (text !== null) files.push({ name: entry.name, text });
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
          const chunks: Buffer[] = [];
          let size = 0;
          let finished = false;
          const finish = () => {
            if (finished) return;
            finished = true;
            if (size > limit) problems.push(tooLarge(name, size, limit));
            else {
              const text = decode(name, Buffer.concat(chunks), problems);
              if (text !== null) files.push({ name, text });
            }
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
            chunks.push(c);
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
