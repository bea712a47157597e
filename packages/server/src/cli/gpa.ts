// `homeroom gpa`: the GPA document (homeroom.gpa/v1, rule set ca-2026) of a transcript file.
import { buildCourseModel, computeGpa, DEFAULT_GPA_RULE_SET, gpaRuleSets } from '@homeroom/core';
import { parseOptions, UsageError, type Command } from './command.ts';
import { rejectPositionals, runOnTranscripts } from './transcript-command.ts';

export const gpaCommand: Command = {
  name: 'gpa',
  summary: 'compute UC, CSU and district GPAs and credits of transcripts (homeroom.gpa/v1)',
  help: `Usage: homeroom gpa [--in FILE | --in -] [--jsonl]

Reads a homeroom.transcript/v1 document and prints its homeroom.gpa/v1 document: the UC, CSU
and district GPAs of rule set ${DEFAULT_GPA_RULE_SET}, credits attempted and earned, and for every
mark a sentence saying why it was counted or excluded.

Options:
  --in FILE   read FILE; '--in -' or no --in reads standard input
  --jsonl     one transcript per input line, one document per output line, in order; a bad
              line gives {"error": "line N: ..."} and the lines after it are still processed

Exit status: 0 all valid, 1 an invalid transcript (or line), 2 a usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { in: { type: 'string' }, jsonl: { type: 'boolean' }, requirements: { type: 'string' } });
    rejectPositionals(positionals);
    if (values.requirements !== undefined) throw new UsageError('--requirements is an option of homeroom audit, not of homeroom gpa');
    const ruleSet = gpaRuleSets.get(DEFAULT_GPA_RULE_SET);
    return runOnTranscripts('gpa', values, io, (transcript) => computeGpa(transcript, ruleSet, buildCourseModel(transcript)));
  },
};
