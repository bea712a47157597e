import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { validateMasterInput } from '@homeroom/core/formats/master';
import { parseSectioningInstance } from '@homeroom/core/formats/sectioning';
import highs from 'highs';
import { buildMasterSchedule, type MasterBuildProgress } from '@homeroom/core/scheduling/master-builder';
import type { PlacementSolver } from '@homeroom/core/scheduling/master-milp';
import { scheduleStudents } from '@homeroom/core/scheduling/sectioning-engine';
import { scoreSectioning } from '@homeroom/core/scheduling/sectioning-score';
import { EXIT, parseOptions, readAll, UsageError, type CliIo, type Command } from './command.ts';

/**
 * `homeroom schedule <what>`: the file face of the schedulers. Each kind of schedule is a
 * subcommand in the table below, so the master-schedule builder adds its entry beside `students`.
 */
export interface ScheduleSubcommand {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Read `--in` (a path, or `-` for standard input); a file that cannot be read is a misuse. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') return readAll(io.stdin);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Write through a temporary file and rename, so a failed run never leaves a half-written `--out`. */
export async function writeOutput(file: string, document: unknown): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--seed must be an integer, not '${value}'`);
  return Number(value);
}

export function parseTimeLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--time-limit must be a positive number of seconds, not '${value}'`);
  return seconds;
}

const students: ScheduleSubcommand = {
  summary: 'place students in sections of the courses they requested (homeroom.sectioning/v1)',
  usage: 'homeroom schedule students --in instance.json --out result.json [--seed N] [--time-limit S]',
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      in: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'time-limit': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.in) throw new UsageError('--in is required');
    if (!values.out) throw new UsageError('--out is required');
    const seed = parseSeed(values.seed);
    const timeLimitSeconds = parseTimeLimit(values['time-limit'], 60);
    const started = performance.now();
    const text = await readInput(values.in, io);
    const parsed = parseSectioningInstance(text);
    if (!parsed.ok) {
      const prefix = parsed.kind === 'infeasible' ? 'infeasible' : 'error';
      for (const error of parsed.errors) io.stderr.write(`${prefix}: ${error}\n`);
      return parsed.kind === 'infeasible' ? EXIT.infeasible : EXIT.invalidInput;
    }
    const result = scheduleStudents(parsed.instance, { seed, timeLimitSeconds, now: () => performance.now() });
    const seconds = (performance.now() - started) / 1000;
    result.stats.seconds = Math.round(seconds * 1000) / 1000;
    await writeOutput(values.out, result);
    const score = scoreSectioning(parsed.instance, result);
    io.stderr.write(
      `students: required met ${score.requiredMet}/${score.requiredTotal}, all met ${score.requestsMet}/${score.requestsTotal}, ` +
        `complete ${score.studentsComplete}/${score.students} students, score ${score.score}, ${seconds.toFixed(1)} s\n`,
    );
    return EXIT.ok;
  },
};

/** Progress at most every few seconds: a 110-second build should say it is alive, not flood the terminal. */
function throttled(io: CliIo, everySeconds: number): (progress: MasterBuildProgress) => void {
  let last = -Infinity;
  return (progress) => {
    if (progress.phase === 'search' && progress.seconds - last < everySeconds) return;
    last = progress.seconds;
    io.stderr.write(`master: ${progress.seconds.toFixed(1)} s: ${progress.message}\n`);
  };
}

const master: ScheduleSubcommand = {
  summary: 'build the master schedule: when each section meets, who teaches it, where (homeroom.master/v1 in, homeroom.sectioning/v1 out)',
  usage: 'homeroom schedule master --in master.json --out instance.json [--seed N] [--time-limit S]',
  async run(argv, io) {
    const started = performance.now();
    const { values, positionals } = parseOptions(argv, {
      in: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'time-limit': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.in) throw new UsageError('--in is required');
    if (!values.out) throw new UsageError('--out is required');
    const seed = parseSeed(values.seed);
    const timeLimitSeconds = parseTimeLimit(values['time-limit'], 60);
    const text = await readInput(values.in, io);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      io.stderr.write(`error: the input is not JSON: ${(error as Error).message}\n`);
      return EXIT.invalidInput;
    }
    const validation = validateMasterInput(document);
    if (!validation.ok) {
      for (const error of validation.errors) io.stderr.write(`error: ${error}\n`);
      return EXIT.invalidInput;
    }
    const now = () => performance.now();
    // HiGHS places sections by the requests (issue #24); should it fail to load, the builder builds greedily.
    const placementSolver = await highs().then((solver) => solver as unknown as PlacementSolver, () => undefined);
    // The limit runs from the command's start: reading and checking the file count against it.
    const result = buildMasterSchedule(validation.input, {
      seed,
      timeLimitSeconds: Math.max(0.1, timeLimitSeconds - (now() - started) / 1000),
      now,
      ...(placementSolver ? { placementSolver } : {}),
      onProgress: throttled(io, 10),
    });
    if (result.status === 'infeasible') {
      for (const reason of result.reasons) io.stderr.write(`infeasible: ${reason}\n`);
      return EXIT.infeasible;
    }
    await writeOutput(values.out, result.instance);
    const { sections } = result.instance;
    const teachers = new Set(sections.map((s) => s.teacher)).size;
    const rooms = new Set(sections.map((s) => s.room)).size;
    const locks = validation.input.locks?.length ?? 0;
    const seconds = (now() - started) / 1000;
    io.stderr.write(
      `master: ${sections.length} sections, ${teachers} teachers, ${rooms} rooms, ${locks} locks kept, ${validation.input.students.length} students, ${seconds.toFixed(1)} s\n`,
    );
    return EXIT.ok;
  },
};

/** The kinds of schedule. */
export const scheduleSubcommands: Record<string, ScheduleSubcommand> = {
  students,
  master,
};

function help(): string {
  const width = Math.max(...Object.keys(scheduleSubcommands).map((name) => name.length));
  const lines = Object.entries(scheduleSubcommands).map(([name, sub]) => `  ${name.padEnd(width)}  ${sub.summary}\n  ${' '.repeat(width)}  ${sub.usage}`);
  return `Usage: homeroom schedule <kind> [options]

${lines.join('\n')}

Options:
  --in FILE         the input document (- for standard input)
  --out FILE        where to write the result; written only on success
  --seed N          seeds every random choice (default 1): same input and seed, same result
  --time-limit S    stop improving after S seconds (default 60)

Exit status: 0 written; 1 the input is not a valid document; 2 misuse; 3 the hard rules cannot
all hold (for example a fixed section over capacity), nothing written.
`;
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'schedule students into sections from a file (the same engine as the server)',
  help: help(),
  async run(argv, io) {
    const [kind, ...rest] = argv;
    if (kind === undefined) throw new UsageError('say what to schedule: ' + Object.keys(scheduleSubcommands).join(' or '));
    const sub = scheduleSubcommands[kind];
    if (!sub) throw new UsageError(`unknown kind '${kind}'; known: ${Object.keys(scheduleSubcommands).join(', ')}`);
    return sub.run(rest, io);
  },
};
