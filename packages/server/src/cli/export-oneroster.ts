import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { districtToday } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { exportOneRoster } from '../modules/oneroster/export-oneroster.ts';
import { schoolYearNamed } from '../modules/oneroster/oneroster-export.repository.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'export the district as a OneRoster 1.2 CSV bulk package',
  help: `Usage: homeroom export oneroster --out FILE.zip [--school-year 2026-27] [--district CODE]

Writes the district as a OneRoster 1.2 bulk package (CSV binding 1.2.1): manifest.csv, orgs,
academicSessions, courses, classes, users, roles, enrollments and demographics (every other file
of the binding declared absent), with homeroom-courses.csv beside them. Classes, sessions and
enrollments are those of the school year (default: the current one). Written as it is read:
memory stays flat whatever the district's size. Students who opted out of the directory are
exported with the rostering fields only.
Uses DATABASE_URL (PostgreSQL) or the embedded database in HOMEROOM_DATA_DIR.
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { out: { type: 'string' }, 'school-year': { type: 'string' }, district: { type: 'string' } });
    if (positionals[0] !== 'oneroster' || positionals.length !== 1) throw new UsageError(positionals.length ? `unknown format '${positionals.join(' ')}': 'oneroster' is the one export` : "say what to export: 'homeroom export oneroster --out FILE.zip'");
    if (!values.out) throw new UsageError('--out FILE.zip is required');
    if (values['school-year'] !== undefined && !/^[0-9]{4}-[0-9]{2}$/.test(values['school-year'])) throw new UsageError(`--school-year is written like 2026-27, not '${values['school-year']}'`);
    const out = values.out;
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 2 });
      try {
        const district = await districtToWorkOn(handle.db, io, values.district);
        if (!district) return EXIT.invalidInput;
        const year = values['school-year'];
        if (year !== undefined && !(await schoolYearNamed(handle.db, district.id, year))) {
          io.stderr.write(`homeroom: the district has no school year ${year}\n`);
          return EXIT.invalidInput;
        }
        // Written beside the target and renamed when whole: a stopped export leaves no half package.
        const partial = `${out}.partial`;
        const stream = createWriteStream(partial);
        const started = Date.now();
        try {
          const summary = await exportOneRoster(handle.db, stream, { districtId: district.id, today: await districtToday(handle.db, district.id), ...(year ? { schoolYear: year } : {}) });
          stream.end();
          await finished(stream);
          await rename(partial, out);
          const rows = Object.values(summary.files).reduce((a, b) => a + b, 0);
          io.stdout.write(`${JSON.stringify({ format: 'oneroster-1.2-csv', out, ...summary })}\n`);
          io.stderr.write(`export: ${summary.schoolYear}: ${Object.keys(summary.files).length} files, ${rows} rows, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          return EXIT.ok;
        } catch (error) {
          stream.destroy();
          await rm(partial, { force: true });
          throw error;
        }
      } finally {
        await handle.close();
      }
    });
  },
};
