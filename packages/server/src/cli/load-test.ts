import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { runLoadTest } from '../modules/readiness/load-test.ts';
import { readinessSettings, recordLoadTest } from '../modules/readiness/readiness.repository.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const loadTestCommand: Command = {
  name: 'load-test',
  summary: "replay the first morning's attendance at 10× the expected peak against this deployment",
  help: `Usage: homeroom load-test [--quick] [--seconds N] [--district CODE]

Replays the first morning of the school year (every teacher opens the roster and saves
attendance, arriving at a steady rate) at ten times the district's expected peak, against this
deployment's own server on its own PostgreSQL server and hardware, on a synthetic district in a
database of its own that is dropped afterwards: never the district's data. Traffic goes to the
loopback address only and stops by itself. The result is recorded for the district, where the
readiness check 'load-test' reads it (pass: that rate sustained, p99 under 200 ms, no error).
Needs PostgreSQL (DATABASE_URL) and the right to create a database there.

Options:
  --quick           5 seconds of arrivals instead of 60
  --seconds N       seconds of arrivals (1 to 900)
  --district CODE   the district (default: the only one)
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { quick: { type: 'boolean' }, seconds: { type: 'string' }, district: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const seconds = values.seconds === undefined ? (values.quick ? 5 : 60) : Number(values.seconds);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900) throw new UsageError(`--seconds must be a whole number from 1 to 900, got '${values.seconds}'`);
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      if (config.database.kind !== 'postgres') {
        io.stderr.write('homeroom: the load test measures this deployment on PostgreSQL: set DATABASE_URL (the embedded database is not what a district runs on)\n');
        return EXIT.invalidInput;
      }
      const serverUrl = config.database.url;
      const handle = await openAndCheckDatabase(config.database, { poolSize: 2 });
      try {
        const district = await districtToWorkOn(handle.db, io, values.district);
        if (!district) return EXIT.invalidInput;
        const { expectedPeakSavesPerSecond } = await readinessSettings(handle.db, district.id);
        const outcome = await runLoadTest({ serverUrl, expectedPeakSavesPerSecond, seconds, quick: seconds < 60, log: (line) => io.stderr.write(`${line}\n`) });
        await recordLoadTest(handle.db, {
          districtId: district.id, expectedPeak: expectedPeakSavesPerSecond, target: outcome.targetSavesPerSecond, savesPerSecond: outcome.savesPerSecond,
          p99Ms: outcome.p99Ms, errors: outcome.errors, quick: seconds < 60, result: outcome.result,
        });
        io.stdout.write(`${JSON.stringify(outcome.result)}\n`);
        io.stderr.write(`load-test: ${outcome.savesPerSecond} saves/s sustained of ${outcome.targetSavesPerSecond} asked, p99 ${outcome.p99Ms} ms, ${outcome.errors} errors: recorded for the readiness report\n`);
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
