import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { describeTarget, openAndCheckDatabase } from '../db/connection.ts';
import { migrationStatus } from '../db/migrator.ts';
import { importAttendance } from '../modules/attendance/import-attendance.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { IMPORT_DISTRICT_HELP, runImportDistrict } from './import-district.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

const KINDS = ['attendance', 'district'];

export const importCommand: Command = {
  name: 'import',
  summary: 'import records from files (attendance taken on paper, a district from OneRoster)',
  help: `${IMPORT_DISTRICT_HELP}

Usage: homeroom import attendance --in FILE.csv [--dry-run] [--district CODE]

Imports attendance taken on paper. The file is CSV with a header row:

  school_code,section_code,date,student_local_id,code[,period][,minutes_absent]

date is YYYY-MM-DD; code is one of the district's attendance codes; period is
needed only for a section that meets more than once that day. Students not in
the file keep what they have.

Every row is checked first; each problem is reported as "row N, column C: …" and
nothing is written. Otherwise the whole file is applied in one transaction.
Importing the same file again changes nothing.

Options:
  --in FILE       the CSV file to import
  --dry-run       check the file and report what would change; write nothing
  --district CODE the district (needed only when the database holds several)

Exit status: 0 imported (or would import), 1 problems in the file, 2 usage.
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { in: { type: 'string' }, 'dry-run': { type: 'boolean' }, district: { type: 'string' }, report: { type: 'string' } });
    const [kind, ...extra] = positionals;
    if (!kind || !KINDS.includes(kind)) throw new UsageError(`say what to import: ${KINDS.join(', ')}`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (kind === 'district') {
      if (values.district !== undefined) throw new UsageError('--district is an option of import attendance; a district package names its district');
      return runImportDistrict(values, io);
    }
    if (values.report !== undefined) throw new UsageError('--report is an option of import district');
    if (!values.in) throw new UsageError('--in FILE is required');
    let csv: string;
    try {
      csv = readFileSync(values.in, 'utf8');
    } catch (error) {
      io.stderr.write(`homeroom import: cannot read ${values.in}: ${(error as Error).message}\n`);
      return EXIT.invalidInput;
    }
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 2 });
      try {
        const { pending } = await migrationStatus(handle.db);
        if (pending.length) {
          io.stderr.write(`homeroom import: ${describeTarget(config.database)} has ${pending.length} migration(s) pending: run 'homeroom migrate' first\n`);
          return EXIT.invalidInput;
        }
        const dryRun = values['dry-run'] ?? false;
        const result = await importAttendance(handle.db, { csv, dryRun, fileName: values.in, ...(values.district ? { districtCode: values.district } : {}) });
        if (result.problems.length) {
          for (const p of result.problems) io.stderr.write(`${values.in}: row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}\n`);
          io.stderr.write(`homeroom import: ${result.problems.length} problem(s) in ${result.rows} row(s); nothing was imported\n`);
          return EXIT.invalidInput;
        }
        const verb = dryRun ? 'would change' : 'changed';
        io.stdout.write(`${dryRun ? 'Dry run: ' : ''}${result.rows} row(s), ${result.meetings} class meeting(s), ${result.students} student(s); ${verb} ${result.changes} code(s)${dryRun ? '; nothing was written' : ''}\n`);
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
