// A layout pool's worker thread: lays out each batch document it is handed and hands back
// the PDF's bytes. Its fonts are parsed once, on its first document, and kept for the batch.
import { parentPort } from 'node:worker_threads';
import { renderBatchDocument, type BatchDocument } from './batch-document.ts';

parentPort!.on('message', (task: { id: number; document: BatchDocument }) => {
  renderBatchDocument(task.document).then(
    (pdf) => {
      // The bytes move to the main thread rather than being copied, when they own their memory.
      const owns = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
      const bytes = owns ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
      parentPort!.postMessage({ id: task.id, pdf: bytes }, [bytes.buffer as ArrayBuffer]);
    },
    (error: Error) => parentPort!.postMessage({ id: task.id, error: error.message }),
  );
});
