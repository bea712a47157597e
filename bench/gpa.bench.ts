// npm run bench -- gpa [--quick]
// Engine throughput of the GPA and the graduation audit on synthetic transcripts (seeded, so every
// run sees the same students). The district recompute on PostgreSQL will join this benchmark as
// its own case; these cases need no database.
import {
  auditTranscript,
  buildCourseModel,
  ca2026,
  computeGpa,
  generateTranscripts,
  lausd2027,
  parseTranscript,
  type Transcript,
} from '../packages/core/src/index.ts';
import { median, peakRssMiB, round, type BenchCase, type Benchmark, type BenchContext } from './lib.ts';

const SEED = 2026;
/** Transcripts are generated and measured in batches, so memory holds one batch, not 50,000. */
const BATCH = 5_000;

type Stage = 'gpa' | 'gpa+audit' | 'jsonl gpa+audit';

function measure(stage: Stage, batch: readonly Transcript[], lines: readonly string[] | null): number {
  const started = performance.now();
  if (stage === 'gpa') {
    for (const input of batch) {
      const transcript = parseTranscript(input);
      computeGpa(transcript, ca2026);
    }
  } else if (stage === 'gpa+audit') {
    for (const input of batch) {
      const transcript = parseTranscript(input);
      const model = buildCourseModel(transcript);
      computeGpa(transcript, ca2026, model);
      auditTranscript(transcript, lausd2027, model);
    }
  } else {
    // What `homeroom gpa --jsonl` and `homeroom audit --jsonl` do per line, minus the I/O.
    let written = 0;
    for (const line of lines!) {
      const transcript = parseTranscript(JSON.parse(line));
      const model = buildCourseModel(transcript);
      written += JSON.stringify(computeGpa(transcript, ca2026, model)).length;
      written += JSON.stringify(auditTranscript(transcript, lausd2027, model)).length;
    }
    if (written === 0) throw new Error('nothing written');
  }
  return (performance.now() - started) / 1000;
}

async function runCase(context: BenchContext, name: string, stage: Stage, count: number, runs: number): Promise<BenchCase> {
  const seconds: number[] = [];
  let marks = 0;
  let inProgress = 0;
  for (let run = 0; run < runs; run++) {
    let total = 0;
    for (let first = 0; first < count; first += BATCH) {
      const size = Math.min(BATCH, count - first);
      const batch = generateTranscripts(size, SEED + first, { firstId: 100_000 + first });
      if (run === 0) {
        for (const t of batch) {
          marks += t.marks.length;
          inProgress += t.inProgress.length;
        }
      }
      const lines = stage === 'jsonl gpa+audit' ? batch.map((t) => JSON.stringify(t)) : null;
      total += measure(stage, batch, lines);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    seconds.push(total);
    context.log(`${name} run ${run + 1}/${runs}: ${count} transcripts in ${total.toFixed(2)} s (${Math.round(count / total)}/s)`);
  }
  const medianSeconds = median(seconds);
  return {
    case: name,
    params: { transcripts: count, stage, seed: SEED, runs, ruleSet: ca2026.name, requirementSet: stage === 'gpa' ? null : lausd2027.name },
    metrics: {
      transcriptsPerSecond: Math.round(count / medianSeconds),
      seconds: round(medianSeconds),
      secondsByRun: seconds.map((s) => round(s)),
      marksPerTranscript: round(marks / count, 1),
      inProgressPerTranscript: round(inProgress / count, 1),
      peakRssMiB: peakRssMiB(),
    },
    baseline: null,
  };
}

export const benchmark: Benchmark = {
  name: 'gpa',
  description: 'GPA and graduation-audit engine throughput on synthetic transcripts (transcripts/s)',
  needsPostgres: false,
  async run(context) {
    const count = context.quick ? 5_000 : 50_000;
    const runs = context.quick ? 3 : 5;
    const label = context.quick ? '5k' : '50k';
    // Warm up the engine once, so the first measured run is not the JIT's.
    measure('gpa+audit', generateTranscripts(2_000, 1), null);
    return [
      await runCase(context, `engine-${label}-transcripts`, 'gpa', count, runs),
      await runCase(context, `engine-${label}-transcripts-with-audit`, 'gpa+audit', count, runs),
      await runCase(context, `jsonl-${label}-transcripts-with-audit`, 'jsonl gpa+audit', count, runs),
    ];
  },
};
