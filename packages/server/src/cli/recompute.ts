import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { recomputeDistrictAudits } from '../modules/graduation/recompute-audits.ts';
import { recomputeDistrictGpas } from '../modules/transcripts/recompute-gpas.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const recomputeCommand: Command = {
  name: 'recompute',
  summary: "recompute every secondary student's GPAs and credits, or graduation audits",
  help: `Usage: homeroom recompute gpa|audit [--district CODE] [--batch N]

gpa:   recomputes every secondary student's GPAs and credits with the current rule set and
       stores them with its name, batch by batch; reports how many changed since the last run.
audit: audits every secondary student against the requirement set of their cohort and keeps
       the verdicts and what is missing; reports how many are not on track.
Uses DATABASE_URL (PostgreSQL) or the embedded database in HOMEROOM_DATA_DIR.

Options:
  --district CODE   the district (default: the only one)
  --batch N         students per transaction (default 2000)
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { district: { type: 'string' }, batch: { type: 'string' } });
    const figure = positionals[0];
    if ((figure !== 'gpa' && figure !== 'audit') || positionals.length !== 1) throw new UsageError(positionals.length ? `unknown figure '${positionals.join(' ')}': 'gpa' or 'audit' can be recomputed` : "say what to recompute: 'homeroom recompute gpa' or 'homeroom recompute audit'");
    const batchSize = values.batch === undefined ? 2000 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError(`--batch must be a whole number from 1 to 100000, got '${values.batch}'`);
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 4 });
      try {
        const district = await districtToWorkOn(handle.db, io, values.district);
        if (!district) return EXIT.invalidInput;
        let lastNote = 0;
        const onProgress = (done: number, total: number) => {
          if (Date.now() - lastNote > 2000) {
            lastNote = Date.now();
            io.stderr.write(`  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} students\n`);
          }
        };
        if (figure === 'audit') {
          const audits = await recomputeDistrictAudits(handle.db, district.id, { batchSize, onProgress });
          io.stdout.write(`${JSON.stringify(audits)}\n`);
          io.stderr.write(`recompute audit: ${audits.students} students, ${audits.diplomaMet} met the diploma, ${audits.notOnTrack} not on track, ${audits.seniorsAtRisk} seniors at risk, ${audits.seconds} s\n`);
          return EXIT.ok;
        }
        const summary = await recomputeDistrictGpas(handle.db, district.id, { batchSize, onProgress });
        io.stdout.write(`${JSON.stringify(summary)}\n`);
        io.stderr.write(`recompute gpa (${summary.ruleSet}): ${summary.students} students, ${summary.changed} changed, ${summary.added} new, ${summary.unchanged} unchanged, ${summary.seconds} s\n`);
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
