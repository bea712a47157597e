import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { renderBatchDocument, type BatchDocument } from './batch-document.ts';

/**
 * A document's layout makes a few megabytes of short-lived objects (glyph runs, PDF objects as
 * strings, buffers); with V8's default young generation, scavenges promote them and collecting
 * them took two fifths of a worker's time. A larger young generation lets them die young: a
 * third less CPU a document, for at most this much more memory a worker.
 */
const YOUNG_GENERATION_MIB = 192;

interface Task {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  thread: Worker;
  tasks: Map<number, Task>;
}

/**
 * Lays batch documents (official transcripts, report cards) out on worker threads, so that a batch uses every core: laying out
 * a document is most of its cost, and the main thread meanwhile reads the next students and
 * writes the zip. With no workers it lays out on the calling thread. The caller bounds how many
 * documents are in flight; each worker takes the next one as soon as it has posted the last.
 */
export class LayoutPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;
  private failure: Error | null = null;

  /**
   * One worker for each core: reading a chunk of students and writing the zip cost the main
   * thread a tenth of what laying the documents out costs, so it needs no core of its own.
   */
  static defaultSize(): number {
    return availableParallelism();
  }

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const thread = new Worker(new URL('../jobs/ts-worker.mjs', import.meta.url), { workerData: { entry: new URL('./layout-worker.ts', import.meta.url).href }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB } });
      const worker: PoolWorker = { thread, tasks: new Map() };
      thread.on('message', (message: { id: number; pdf: Uint8Array } | { id: number; error: string }) => {
        const task = worker.tasks.get(message.id);
        worker.tasks.delete(message.id);
        if ('error' in message) task?.reject(new Error(`laying out a document failed: ${message.error}`));
        else task?.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const task of worker.tasks.values()) task.reject(error);
        worker.tasks.clear();
      };
      thread.on('error', fail);
      thread.on('exit', (code) => fail(new Error(`a layout worker stopped with code ${code}`)));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The document's PDF, laid out by the least busy worker (or here, without workers). */
  render(document: BatchDocument): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) return renderBatchDocument(document);
    const worker = this.workers.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      worker.tasks.set(id, { resolve, reject });
      worker.thread.postMessage({ id, document });
    });
  }

  /** Stops the workers; documents still in flight are refused. */
  async close(): Promise<void> {
    this.failure ??= new Error('the layout pool is closed');
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}
