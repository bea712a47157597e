// `homeroom audit`: the graduation audit (homeroom.audit/v1) of a transcript file against a
// requirement set (lausd-2027 unless --requirements names another).
import { auditTranscript, DEFAULT_REQUIREMENT_SET, requirementSets, UnknownSetError, type RequirementSet } from '@homeroom/core';
import { parseOptions, UsageError, type Command } from './command.ts';
import { rejectPositionals, runOnTranscripts } from './transcript-command.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'audit transcripts against graduation requirements (homeroom.audit/v1)',
  help: `Usage: homeroom audit [--in FILE | --in -] [--jsonl] [--requirements SET]

Reads a homeroom.transcript/v1 document and prints its homeroom.audit/v1 document: for each
requirement of the set, the diploma (and A-G) status, credits earned, in progress and still
needed, and the courses that count; the diploma and A-G verdicts; whether the student is on track.

Options:
  --in FILE            read FILE; '--in -' or no --in reads standard input
  --jsonl              one transcript per input line, one document per output line, in order; a
                       bad line gives {"error": "line N: ..."} and the lines after it are still processed
  --requirements SET   the requirement set applied to every student (default ${DEFAULT_REQUIREMENT_SET});
                       known: ${requirementSets.names().join(', ')}

Exit status: 0 all valid, 1 an invalid transcript (or line), 2 a usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { in: { type: 'string' }, jsonl: { type: 'boolean' }, requirements: { type: 'string' } });
    rejectPositionals(positionals);
    let set: RequirementSet;
    try {
      set = requirementSets.get(values.requirements ?? DEFAULT_REQUIREMENT_SET);
    } catch (error) {
      if (error instanceof UnknownSetError) throw new UsageError(error.message);
      throw error;
    }
    return runOnTranscripts('audit', values, io, (transcript) => auditTranscript(transcript, set));
  },
};
