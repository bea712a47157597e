import { readinessDocument, readinessTable } from '@homeroom/core/readiness/readiness';
import { writeOperatorAuditForStudents } from '../audit/audit.ts';
import { districtToday } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { produceReadinessReport, studentsNamed } from '../modules/readiness/readiness-report.ts';
import { firstSchoolDayFrom, schoolsById } from '../modules/readiness/readiness.repository.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'the Go/No-Go report from figures (homeroom.readiness/v1)',
  help: `Usage: homeroom readiness [--json] [--date YYYY-MM-DD] [--school ID] [--district CODE]

Measures every readiness check (students without a complete schedule, students in a course they
already passed, seniors missing a requirement, sections over capacity, attendance not taken, the
last import's reconciliation, the last load test, urgent help-desk tickets) against the district's
thresholds and says Go or No-Go. No evidence, no Go: a required check that cannot be computed is
not a pass. Each run is kept, so the trend shows in the web app.
Exit 0 when the report was produced, whatever its verdict; 2 misuse.
Uses DATABASE_URL (PostgreSQL) or the embedded database in HOMEROOM_DATA_DIR.

Options:
  --json            the report as the homeroom.readiness/v1 document (default: a table)
  --date DAY        the day judged (default: today, or the next school day)
  --school ID       one school (default: the whole district)
  --district CODE   the district (default: the only one)
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, date: { type: 'string' }, school: { type: 'string' }, district: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const date = values.date;
    if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)) throw new UsageError(`--date is a day written YYYY-MM-DD, not '${date}'`);
    const schoolId = values.school === undefined ? null : Number(values.school);
    if (schoolId !== null && (!Number.isInteger(schoolId) || schoolId < 1)) throw new UsageError(`--school is a school's id (a whole number), not '${values.school}'`);
    return runWithOperatorErrors(io, async () => {
      const handle = await openAndCheckDatabase(loadConfig().database, { poolSize: 2 });
      try {
        const district = await districtToWorkOn(handle.db, io, values.district);
        if (!district) return EXIT.invalidInput;
        if (schoolId !== null && (await schoolsById(handle.db, district.id, [schoolId])).length === 0) throw new UsageError(`the district has no school with id ${schoolId}`);
        const report = await handle.db.transaction().execute(async (trx) => {
          const day = date ?? (await firstSchoolDayFrom(trx, district.id, await districtToday(trx, district.id))) ?? (await districtToday(trx, district.id));
          const { report } = await produceReadinessReport(trx, { districtId: district.id, day, scope: schoolId === null ? 'all' : [schoolId], schoolId, requestedBy: null, now: new Date() });
          await writeOperatorAuditForStudents(trx, district.id, { action: 'list', entity: 'readiness', details: { verdict: report.verdict, date: day } }, studentsNamed(report));
          return report;
        });
        io.stdout.write(values.json ? `${JSON.stringify(readinessDocument(report), null, 2)}\n` : readinessTable(report));
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
