import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit status shared by every homeroom command (see docs/cli.md). */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, infeasible: 3 } as const;

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text, printed by `homeroom NAME --help`. */
  help: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A misuse of the command line: exit 2 with the message, nothing on standard output. */
export class UsageError extends Error {}

/** parseArgs with every misuse turned into a UsageError naming the option. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
