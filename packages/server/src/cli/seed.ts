import type { Kysely } from 'kysely';
import { describeTarget, openDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrator.ts';
import { DistrictExistsError, interruptedLoads, LoadRunningError, seedDistrict, whileLoading } from '../db/seed/index.ts';
import { defaultSchoolCount } from '../db/seed/plan.ts';
import { databaseTargetFromEnv } from '../db/target.ts';
import { EXIT, UsageError, parseOptions, type Command } from './command.ts';

const help = `Usage: homeroom seed [--students N] [--schools N] [--seed N] [--district-code CODE] [--district-name NAME]

Loads a synthetic district: schools, calendars, the course catalog, staff, students and
guardians, enrollment history, this year's master schedules and rosters, transcript history,
progress marks, this year's absences (through 2026-11-20), next year's course requests, and one
demo account per role. Every name and record is made up; the same seed always gives the same
district.

Options:
  --students N          students in the district (default 3000; 650000 is LAUSD's size)
  --schools N           schools (default: one per ~650 students, so ~1,000 at 650,000)
  --seed N              random seed (default 1)
  --district-code CODE  the district's code (default HUSD); an existing code is refused
  --district-name NAME  the district's name

Database: PostgreSQL at DATABASE_URL when set, else the embedded database in
HOMEROOM_DATA_DIR (default ./data/homeroom). The schema is migrated first.
Progress goes to standard error; the summary to standard output.
`;

function positiveInteger(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`--${name} must be a positive integer, got '${value}'`);
  return Number(value);
}

export const seedCommand: Command = {
  name: 'seed',
  summary: 'load a synthetic district (never real students)',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      students: { type: 'string' },
      schools: { type: 'string' },
      seed: { type: 'string' },
      'district-code': { type: 'string' },
      'district-name': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const students = positiveInteger('students', values.students, 3000)!;
    if (students < 100) throw new UsageError('--students must be at least 100');
    const schools = positiveInteger('schools', values.schools, undefined);
    const seed = positiveInteger('seed', values.seed, 1)!;
    const districtCode = values['district-code'] ?? 'HUSD';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(districtCode)) throw new UsageError(`--district-code must be letters, digits, - or _, got '${districtCode}'`);

    const target = databaseTargetFromEnv();
    const handle = await openDatabase(target);
    const started = performance.now();
    const log = (line: string) => io.stderr.write(`${line}\n`);
    try {
      log(`seed: ${describeTarget(target)}`);
      await migrate(handle.db as unknown as Kysely<unknown>, log);
      log(`seed: district ${districtCode}, ${students} students, ${schools ?? defaultSchoolCount(students)} schools, seed ${seed}`);
      let lastReport = 0;
      const summary = await whileLoading(handle, async () => {
        const stopped = (await interruptedLoads(handle.db)).find((d) => d.code === districtCode);
        if (stopped) log(`seed: the earlier load of district ${districtCode} was stopped half-way (${stopped.schools} schools, ${stopped.students} students in): loading it again from the start`);
        return seedDistrict(handle.db, {
          seed, students, schools, districtCode, districtName: values['district-name'], startOver: true,
          onProgress: ({ phase, done, total }) => {
            const now = performance.now();
            if (done === total || now - lastReport > 2000) {
              lastReport = now;
              log(`seed: ${phase} ${done}/${total} (${((now - started) / 1000).toFixed(1)} s)`);
            }
          },
        });
      });
      const seconds = (performance.now() - started) / 1000;
      io.stdout.write(
        [
          `Seeded district ${summary.districtCode} (id ${summary.districtId}) in ${seconds.toFixed(1)} s`,
          `  schools      ${summary.schools}`,
          `  students     ${summary.students}`,
          `  staff        ${summary.staff}`,
          `  sections     ${summary.sections}`,
          `  rosters      ${summary.rosters}`,
          `  transcripts  ${summary.marks} semester marks`,
          `  requests     ${summary.requests}`,
          `  rows         ${summary.rows} (${Math.round(summary.rows / seconds)} rows/s)`,
          `  demo users   ${summary.demoUsers.join(', ')} (no passwords yet)`,
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    } catch (error) {
      if (error instanceof DistrictExistsError || error instanceof LoadRunningError) {
        io.stderr.write(`homeroom seed: ${error.message}\n`);
        return EXIT.invalidInput;
      }
      throw error;
    } finally {
      await handle.close();
    }
  },
};
