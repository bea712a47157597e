import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { migrationStatus } from '../db/migrator.ts';
import { findDistrict } from '../modules/district/district.repository.ts';
import { recomputeDistrictGpas } from '../modules/transcripts/recompute-gpas.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

export const recomputeCommand: Command = {
  name: 'recompute',
  summary: "recompute every secondary student's GPAs and credits",
  help: `Usage: homeroom recompute gpa [--district CODE] [--batch N]

Recomputes every secondary student's GPAs and credits with the current rule set and
stores them with its name, batch by batch; reports how many changed since the last run.
Uses DATABASE_URL (PostgreSQL) or the embedded database in HOMEROOM_DATA_DIR.

Options:
  --district CODE   the district (default: the only one)
  --batch N         students per transaction (default 2000)
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { district: { type: 'string' }, batch: { type: 'string' } });
    if (positionals[0] !== 'gpa' || positionals.length !== 1) throw new UsageError(positionals.length ? `unknown figure '${positionals.join(' ')}': only 'gpa' can be recomputed` : "say what to recompute: 'homeroom recompute gpa'");
    const batchSize = values.batch === undefined ? 2000 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError(`--batch must be a whole number from 1 to 100000, got '${values.batch}'`);
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 4 });
      try {
        const { pending } = await migrationStatus(handle.db);
        if (pending.length) {
          io.stderr.write(`homeroom: ${pending.length} migration(s) pending: run 'homeroom migrate' first\n`);
          return EXIT.invalidInput;
        }
        const district = await findDistrict(handle.db, values.district);
        if (!district) {
          io.stderr.write(values.district ? `homeroom: no district with code '${values.district}'\n` : "homeroom: the database holds no district yet: run 'homeroom seed'\n");
          return EXIT.invalidInput;
        }
        let lastNote = 0;
        const summary = await recomputeDistrictGpas(handle.db, district.id, {
          batchSize,
          onProgress: (done, total) => {
            if (Date.now() - lastNote > 2000) {
              lastNote = Date.now();
              io.stderr.write(`  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} students\n`);
            }
          },
        });
        io.stdout.write(`${JSON.stringify(summary)}\n`);
        io.stderr.write(`recompute gpa (${summary.ruleSet}): ${summary.students} students, ${summary.changed} changed, ${summary.added} new, ${summary.unchanged} unchanged, ${summary.seconds} s\n`);
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
