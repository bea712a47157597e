// What `homeroom gpa` and `homeroom audit` share: reading one transcript or a stream of them
// (`--jsonl`), validating, running a core engine and writing the documents, with the exit
// statuses of shared/formats/transcript.md. The rules themselves live in @homeroom/core.
import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { safeParseTranscript, type Transcript } from '@homeroom/core';
import { EXIT, UsageError, readAll, type CliIo } from './command.ts';

/** Computes one output document from a valid transcript. */
export type TranscriptEngine = (transcript: Transcript) => unknown;

export interface TranscriptInputOptions {
  in?: string;
  jsonl?: boolean;
}

/** Runs an engine over the input, as a single document or line by line; returns the exit status. */
export async function runOnTranscripts(commandName: string, options: TranscriptInputOptions, io: CliIo, engine: TranscriptEngine): Promise<number> {
  const path = options.in === undefined || options.in === '-' ? null : options.in;
  let handle: FileHandle | null = null;
  if (path !== null) {
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw new UsageError(`cannot read '${path}': ${(error as Error).message}`);
    }
  }
  try {
    return options.jsonl ? await runLines(commandName, path, handle, io, engine) : await runSingle(commandName, path, handle, io, engine);
  } finally {
    await handle?.close();
  }
}

async function runSingle(commandName: string, path: string | null, handle: FileHandle | null, io: CliIo, engine: TranscriptEngine): Promise<number> {
  let text: string;
  try {
    text = handle ? await handle.readFile('utf8') : await readAll(io.stdin);
  } catch (error) {
    throw new UsageError(`cannot read '${path ?? 'standard input'}': ${(error as Error).message}`);
  }
  const outcome = evaluate(stripBom(text), engine);
  if ('error' in outcome) {
    io.stderr.write(`homeroom ${commandName}: ${outcome.error}\n`);
    return EXIT.invalidInput;
  }
  io.stdout.write(`${JSON.stringify(outcome.document, null, 2)}\n`);
  return EXIT.ok;
}

/** Output is gathered and written in batches of about this many characters. */
const BATCH = 64 * 1024;

async function runLines(commandName: string, path: string | null, handle: FileHandle | null, io: CliIo, engine: TranscriptEngine): Promise<number> {
  const stream: NodeJS.ReadableStream = handle ? handle.createReadStream({ autoClose: false }) : io.stdin;
  const decoder = new StringDecoder('utf8');
  let batch: string[] = [];
  let batchSize = 0;
  let lineNumber = 0;
  let invalid = false;
  let wroteAny = false;

  const flush = async () => {
    if (batch.length === 0) return;
    const text = batch.join('');
    batch = [];
    batchSize = 0;
    wroteAny = true;
    // Respect backpressure, so that a slow reader never makes us hold the whole output.
    if (!io.stdout.write(text)) await once(io.stdout, 'drain');
  };
  const line = (text: string) => {
    lineNumber++;
    if (lineNumber === 1) text = stripBom(text);
    if (isBlank(text)) return;
    const outcome = evaluate(text, engine);
    let output: string;
    if ('error' in outcome) {
      invalid = true;
      output = JSON.stringify({ error: `line ${lineNumber}: ${outcome.error}` });
    } else {
      output = JSON.stringify(outcome.document);
    }
    batch.push(output, '\n');
    batchSize += output.length + 1;
  };

  // Lines are cut by hand from the chunks as they come: the input is never held whole, and a
  // line split across chunks is rejoined from its parts.
  let parts: string[] = [];
  try {
    for await (const chunk of stream) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
      let start = 0;
      let newline: number;
      while ((newline = text.indexOf('\n', start)) !== -1) {
        const piece = text.slice(start, newline);
        if (parts.length > 0) {
          parts.push(piece);
          line(parts.join(''));
          parts = [];
        } else {
          line(piece);
        }
        start = newline + 1;
      }
      if (start < text.length) parts.push(text.slice(start));
      if (batchSize >= BATCH) await flush();
    }
    const rest = parts.join('') + decoder.end();
    if (rest.length > 0) line(rest);
  } catch (error) {
    await flush();
    if (!wroteAny) throw new UsageError(`cannot read '${path ?? 'standard input'}': ${(error as Error).message}`);
    io.stderr.write(`homeroom ${commandName}: reading stopped after line ${lineNumber}: ${(error as Error).message}\n`);
    return EXIT.invalidInput;
  }
  await flush();
  return invalid ? EXIT.invalidInput : EXIT.ok;
}

function evaluate(text: string, engine: TranscriptEngine): { document: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = safeParseTranscript(value);
  if (!parsed.ok) return { error: parsed.error };
  return { document: engine(parsed.transcript) };
}

/** Empty, or only spaces, tabs and carriage returns: skipped without an output line. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Positional arguments are not part of either command. */
export function rejectPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}
