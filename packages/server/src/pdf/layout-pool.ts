import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { renderTranscript, type OfficialTranscript } from './transcript-document.ts';

interface Task {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  thread: Worker;
  tasks: Map<number, Task>;
}

/**
 * Lays official transcripts out on worker threads, so that a batch uses every core: laying out
 * a document is most of its cost, and the main thread meanwhile reads the next students and
 * writes the zip. With no workers it lays out on the calling thread. The caller bounds how many
 * documents are in flight; each worker takes the next one as soon as it has posted the last.
 */
export class LayoutPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;
  private failure: Error | null = null;

  /** One worker for each core but the main thread's, at least one. */
  static defaultSize(): number {
    return Math.max(1, availableParallelism() - 1);
  }

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const thread = new Worker(new URL('../jobs/ts-worker.mjs', import.meta.url), { workerData: { entry: new URL('./layout-worker.ts', import.meta.url).href } });
      const worker: PoolWorker = { thread, tasks: new Map() };
      thread.on('message', (message: { id: number; pdf: Uint8Array } | { id: number; error: string }) => {
        const task = worker.tasks.get(message.id);
        worker.tasks.delete(message.id);
        if ('error' in message) task?.reject(new Error(`laying out a transcript failed: ${message.error}`));
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

  /** The transcript's PDF, laid out by the least busy worker (or here, without workers). */
  render(transcript: OfficialTranscript): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) return renderTranscript(transcript);
    const worker = this.workers.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      worker.tasks.set(id, { resolve, reject });
      worker.thread.postMessage({ id, transcript });
    });
  }

  /** Stops the workers; documents still in flight are refused. */
  async close(): Promise<void> {
    this.failure ??= new Error('the layout pool is closed');
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}
