import { CHECK_IDS, readinessDocument, readinessTable } from '@homeroom/core/readiness/readiness';
import { writeOperatorAuditForStudents } from '../audit/audit.repository.ts';
import { districtToday } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { produceReadinessReport, studentsNamed } from '../modules/readiness/readiness-report.ts';
import { firstSchoolDayFrom, readinessSettings, schoolsById, setCheckThreshold, setExpectedPeak } from '../modules/readiness/readiness.repository.ts';
import { EXIT, parseOptions, UsageError, type CliIo, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'the Go/No-Go report from figures (homeroom.readiness/v1)',
  help: `Usage: homeroom readiness [--json] [--date YYYY-MM-DD] [--school ID] [--district CODE]
       homeroom readiness set [--expected-peak N] [--threshold CHECK=N]... [--required CHECK]... [--advisory CHECK]...

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

set: the district's own bar. --expected-peak is the first morning's expected attendance saves a
second (the load test must sustain ten times it); --threshold the figure a check allows; a
required check that fails or is unknown makes it No-Go, an advisory one only warns. Checks:
${CHECK_IDS.join(', ')}.
`,
  async run(argv, io) {
    if (argv[0] === 'set') return setReadiness(argv.slice(1), io);
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

const knownCheck = (id: string) => {
  if (!(CHECK_IDS as readonly string[]).includes(id)) throw new UsageError(`unknown check '${id}': one of ${CHECK_IDS.join(', ')}`);
  return id;
};

/** `homeroom readiness set`: the district's expected peak, thresholds and which checks are required. */
async function setReadiness(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    'expected-peak': { type: 'string' }, threshold: { type: 'string', multiple: true }, required: { type: 'string', multiple: true }, advisory: { type: 'string', multiple: true }, district: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const peak = values['expected-peak'] === undefined ? null : Number(values['expected-peak']);
  if (peak !== null && (!Number.isInteger(peak) || peak < 1 || peak > 1_000_000)) throw new UsageError(`--expected-peak is saves a second, a whole number from 1, not '${values['expected-peak']}'`);
  const thresholds = (values.threshold ?? []).map((pair) => {
    const [id, figure] = pair.split('=');
    const threshold = Number(figure);
    if (!id || figure === undefined || figure.trim() === '' || !Number.isFinite(threshold) || threshold < 0) throw new UsageError(`--threshold is CHECK=N with N a figure of 0 or more, not '${pair}'`);
    return { id: knownCheck(id), threshold };
  });
  const required = [...(values.required ?? []).map((id) => ({ id: knownCheck(id), required: true })), ...(values.advisory ?? []).map((id) => ({ id: knownCheck(id), required: false }))];
  if (peak === null && thresholds.length === 0 && required.length === 0) throw new UsageError('say what to set: --expected-peak, --threshold, --required or --advisory');
  return runWithOperatorErrors(io, async () => {
    const handle = await openAndCheckDatabase(loadConfig().database, { poolSize: 2 });
    try {
      const district = await districtToWorkOn(handle.db, io, values.district);
      if (!district) return EXIT.invalidInput;
      const settings = await handle.db.transaction().execute(async (trx) => {
        if (peak !== null) await setExpectedPeak(trx, district.id, peak);
        const current = new Map((await readinessSettings(trx, district.id)).overrides.map((o) => [o.id, o]));
        for (const change of [...thresholds, ...required]) {
          const before = current.get(change.id);
          const next = { threshold: before?.threshold ?? null, required: before?.required ?? null, ...change };
          await setCheckThreshold(trx, district.id, change.id, next);
          current.set(change.id, { id: change.id, threshold: next.threshold, required: next.required });
        }
        return readinessSettings(trx, district.id);
      });
      io.stdout.write(`${JSON.stringify(settings)}\n`);
      return EXIT.ok;
    } finally {
      await handle.close();
    }
  });
}
