import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import yauzl from 'yauzl';
import yazl from 'yazl';

/**
 * A batch's zip is written in volumes: each holds a few hundred documents and is complete (its
 * central directory written, the file renamed into place) before its students are recorded as
 * finished. A crash loses at most the volume being written; memory holds at most one document
 * at a time, because each is handed to the zip only when the previous one has been written out.
 * PDF streams are already compressed, so entries are stored, not deflated again.
 */
export class ZipVolumeWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly file;
  private readonly closed: Promise<unknown>;

  constructor(private readonly path: string) {
    this.file = createWriteStream(`${path}.part`);
    this.closed = once(this.file, 'close');
    this.zip.outputStream.pipe(this.file);
  }

  async add(name: string, content: Buffer): Promise<void> {
    this.zip.addBuffer(content, name, { compress: false });
    // Back-pressure: let the file take what is queued before the next document is laid out.
    if (this.file.writableNeedDrain) await once(this.file, 'drain');
  }

  async close(): Promise<void> {
    this.zip.end();
    await this.closed;
    await rename(`${this.path}.part`, this.path);
  }
}

/** Joins complete volumes into one zip, entry by entry, streaming: the batch's download. */
export async function joinVolumes(volumes: readonly string[], target: string): Promise<number> {
  const out = new yazl.ZipFile();
  const file = createWriteStream(`${target}.part`);
  const closed = once(file, 'close');
  out.outputStream.pipe(file);
  let entries = 0;
  for (const volume of volumes) {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(volume, { lazyEntries: true, autoClose: false }, (error, z) => (error ? reject(error) : resolve(z))));
    const names: Array<{ name: string; entry: yauzl.Entry }> = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push({ name: entry.fileName, entry });
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    names.forEach(({ name, entry }, i) => {
      out.addReadStreamLazy(name, { compress: false }, (callback) =>
        zip.openReadStream(entry, (error, stream) => {
          // The volume is closed once the joined zip has copied its last entry out of it.
          if (stream && i === names.length - 1) stream.on('end', () => zip.close());
          callback(error, stream);
        }),
      );
      entries++;
    });
    if (names.length === 0) zip.close();
  }
  out.end();
  await closed;
  await rename(`${target}.part`, target);
  return entries;
}
