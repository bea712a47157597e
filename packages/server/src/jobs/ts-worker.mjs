// A worker thread's entry: the sources are TypeScript, so the worker registers tsx (as the
// homeroom command does) before loading the module it was started for.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
