import { PassThrough } from 'node:stream';
import { main } from './main.ts';

/** Runs a homeroom command in-process with in-memory streams, as a test reads it. */
export async function runCommand(argv: string[], stdin = '') {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  io.stdin.end(stdin);
  let out = '';
  let err = '';
  io.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  io.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, io);
  return { code, out, err };
}
