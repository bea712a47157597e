// `homeroom import district --in PATH [--dry-run] [--report FILE]` (shared/formats/district-import.md).
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { describeTarget, openAndCheckDatabase } from '../db/connection.ts';
import { migrationStatus } from '../db/migrator.ts';
import { importDistrict, type ImportReport } from '../modules/district-import/import-district.ts';
import { readDistrictPackage, UnreadablePackageError } from '../modules/district-import/read-package.ts';
import { EXIT, UsageError, type CliIo } from './command.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

export const IMPORT_DISTRICT_HELP = `Usage: homeroom import district --in PATH [--dry-run] [--report FILE]

Imports a district from a OneRoster 1.2 CSV package (a .zip or a folder) with Homeroom's files
beside it (homeroom-courses.csv, homeroom-transcripts.jsonl, homeroom-programs.csv,
homeroom-legacy-figures.csv). Every file is checked first; any problem refuses the whole package
and nothing is written. The report (homeroom.import-report/v1) compares the old system's GPAs and
credits with Homeroom's, student by student.

Options:
  --in PATH      the package: a .zip or a folder holding its files at the top level
  --dry-run      check everything and compute the whole report; write nothing
  --report FILE  write the report there (default: standard output)

Exit status: 0 imported (or a dry run without problems), 1 refused, 2 misuse.`;

export function importDistrictSummary(report: ImportReport): string {
  const files = Object.keys(report.package.files).length;
  const rows = Object.values(report.counts).reduce((n, c) => n + c.rows, 0);
  const mismatches = report.reconciliation?.mismatches.length ?? 0;
  return `import: ${report.status}: ${files} files, ${rows} rows, ${report.problemCount} problems, ${mismatches} reconciliation mismatches\n`;
}

export async function runImportDistrict(values: { in?: string; 'dry-run'?: boolean; report?: string }, io: CliIo): Promise<number> {
  if (!values.in) throw new UsageError('--in PATH is required');
  let pkg;
  try {
    pkg = await readDistrictPackage(values.in, { ...(process.env.HOMEROOM_IMPORT_FILE_LIMIT ? { fileSizeLimit: Number(process.env.HOMEROOM_IMPORT_FILE_LIMIT) } : {}) });
  } catch (error) {
    if (error instanceof UnreadablePackageError) throw new UsageError(error.message);
    throw error;
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
      // The kill test stops the process here, inside the write transaction.
      const pauseMs = Number(process.env.HOMEROOM_IMPORT_TEST_PAUSE_MS ?? 0);
      const report = await importDistrict(handle.db, {
        files: pkg.files, readProblems: pkg.problems, dryRun: values['dry-run'] ?? false,
        ...(pauseMs > 0 ? { insideTransaction: async () => {
          io.stderr.write('import: inside the write transaction\n');
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        } } : {}),
      });
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (values.report) await writeFile(values.report, json);
      else io.stdout.write(json);
      io.stderr.write(importDistrictSummary(report));
      return report.status === 'refused' ? EXIT.invalidInput : EXIT.ok;
    } finally {
      await handle.close();
    }
  });
}
