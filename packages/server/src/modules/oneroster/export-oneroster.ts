import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Kysely, RawBuilder } from 'kysely';
import {
  formatCsvRow, headersOf, MANIFEST_FILE_NAME, MANIFEST_HEADERS, ONEROSTER_DATA_FILES, ONEROSTER_MANIFEST_VERSION, ONEROSTER_VERSION, type OneRosterDataFile,
} from '@homeroom/core/formats/oneroster/csv-binding';
import { HOMEROOM_COURSES_FILE, HOMEROOM_COURSES_HEADERS } from '@homeroom/core/formats/oneroster/district-package';
import type { Database } from '../../db/schema.ts';
import { ACADEMIC_SESSIONS, CLASSES, COURSES, DEMOGRAPHICS, ENROLLMENTS, ofSchoolYear, ORGS, USERS, type RosterSource } from './oneroster.repository.ts';
import { rosterBatches, schoolYearNamed } from './oneroster-export.repository.ts';
import { SpooledEntry, ZipWriter } from './zip-writer.ts';

/** The files of the bulk export; every other file of the binding is declared absent. */
export const EXPORTED_FILES = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'roles', 'enrollments', 'demographics'] as const satisfies readonly OneRosterDataFile[];

type Row = Record<string, unknown>;
const BATCH = 5000;
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
/** 5.00 as 5, 2.50 as 2.5: the decimal as a person writes it. */
const trimDecimal = (value: string) => (value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value);
const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(',') : '');

interface FileSpec {
  file: OneRosterDataFile;
  source: RosterSource;
  within: RawBuilder<boolean> | null;
  /** The source's columns the rows read: only these are computed and sent. */
  columns: readonly string[];
  /** The file's rows for one row of the source, in the binding's column order (status and dateLastModified blank: a bulk file). */
  rows(row: Row): string[][];
  /** A file written from the same read, after this one in the package. */
  beside?: { file: OneRosterDataFile; rows(row: Row): string[][] };
}

/** Homeroom's enrollment roles as the CSV binding spells them: it has no aide, who is a teacher that is not primary. */
const csvEnrollmentRole = (role: unknown) => (role === 'student' ? 'student' : 'teacher');

const HOMEROOM_COURSE_COLUMNS = ['sourcedId', '_credits', '_termLength', '_ag', '_honors', '_ucHonors', '_subject', '_tags', '_language'];

function files(schoolYearId: number): FileSpec[] {
  const ofYear = ofSchoolYear(schoolYearId);
  return [
    { file: 'orgs', source: ORGS, within: null, columns: ['sourcedId', 'name', 'type', 'identifier', 'parentSourcedId'], rows: (r) => [[text(r.sourcedId), '', '', text(r.name), text(r.type), text(r.identifier), text(r.parentSourcedId)]] },
    {
      file: 'academicSessions', source: ACADEMIC_SESSIONS, within: ofYear, columns: ['sourcedId', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
      rows: (r) => [[text(r.sourcedId), '', '', text(r.title), text(r.type), text(r.startDate), text(r.endDate), text(r.parentSourcedId), text(r.schoolYear)]],
    },
    {
      file: 'courses', source: COURSES, within: null, columns: ['sourcedId', 'title', 'courseCode', '_grades', 'orgSourcedId', '_subject', '_subjectCode'],
      rows: (r) => [[text(r.sourcedId), '', '', '', text(r.title), text(r.courseCode), list(r._grades), text(r.orgSourcedId), text(r._subject), text(r._subjectCode)]],
    },
    {
      file: 'classes', source: CLASSES, within: ofYear,
      columns: ['sourcedId', 'title', '_grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', '_terms', '_schoolYearSourcedId', '_subject', '_subjectCode', '_periods'],
      rows: (r) => [[text(r.sourcedId), '', '', text(r.title), list(r._grades), text(r.courseSourcedId), text(r.classCode), text(r.classType), text(r.location), text(r.schoolSourcedId), list((r._terms as string[] | null)?.length ? r._terms : [r._schoolYearSourcedId]), text(r._subject), text(r._subjectCode), list(r._periods)]],
    },
    {
      file: 'users', source: USERS, within: null,
      columns: ['sourcedId', 'enabledUser', 'username', '_stateId', 'givenName', 'familyName', 'middleName', 'email', '_agents', 'grade', 'userMasterIdentifier', 'preferredFirstName', 'primaryOrgSourcedId', '_roles', 'role'],
      rows: (r) => [[
        text(r.sourcedId), '', '', r.enabledUser === 'true' ? 'true' : 'false', text(r.username), r._stateId ? `{stateId:${String(r._stateId)}}` : '', text(r.givenName), text(r.familyName),
        text(r.middleName), '', text(r.email), '', '', list(r._agents), r.grade ? String(r.grade) : '', '', text(r.userMasterIdentifier), '', text(r.preferredFirstName), '', '', text(r.primaryOrgSourcedId), '',
      ]],
      // A user's roles, named after the user so that the same user gives the same role rows again;
      // from the same read of the users (the users' query is the export's dearest).
      beside: {
        file: 'roles',
        rows: (r) => {
          const roles = (r._roles as Array<{ role: string; school: string; begin: string | null; end: string | null }> | null) ?? [{ role: String(r.role), school: text(r.primaryOrgSourcedId), begin: null, end: null }];
          return roles.filter((role) => role.school !== '').map((role, i) => [`${text(r.sourcedId)}-role-${i + 1}`, '', '', text(r.sourcedId), i === 0 ? 'primary' : 'secondary', role.role, text(role.begin), text(role.end), role.school, '']);
        },
      },
    },
    {
      file: 'enrollments', source: ENROLLMENTS, within: ofYear, columns: ['sourcedId', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
      rows: (r) => [[text(r.sourcedId), '', '', text(r.classSourcedId), text(r.schoolSourcedId), text(r.userSourcedId), csvEnrollmentRole(r.role), r.primary === 'true' ? 'true' : 'false', text(r.beginDate), text(r.endDate)]],
    },
    {
      file: 'demographics', source: DEMOGRAPHICS, within: null,
      columns: ['sourcedId', 'birthDate', 'sex', '_american-indian', '_asian', '_black', '_pacific-islander', '_white', 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity'],
      rows: (r) => [[
        text(r.sourcedId), '', '', text(r.birthDate), text(r.sex), text(r['_american-indian']), text(r._asian), text(r._black), text(r['_pacific-islander']), text(r._white),
        text(r.demographicRaceTwoOrMoreRaces), text(r.hispanicOrLatinoEthnicity), '', '', '', '',
      ]],
    },
  ];
}

/** The CSV text of a batch of source rows, and how many records it holds. */
function formatRows(rows: Row[], toLines: (row: Row) => string[][]): [string, number] {
  let text = '';
  let count = 0;
  for (const row of rows) {
    for (const line of toLines(row)) {
      text += formatCsvRow(line);
      count++;
    }
  }
  return [text, count];
}

export interface ExportSummary {
  schoolYear: string;
  files: Record<string, number>;
}

/**
 * The district as a OneRoster 1.2 bulk package (CSV binding 1.2.1), written to `out` as a zip as
 * it is read: the manifest, then each file in batches. A student who opted out of the directory
 * is written with the rostering fields only (no middle or preferred name, no birth date), the
 * district's default.
 */
export async function exportOneRoster(db: Kysely<Database>, out: Writable, options: { districtId: number; today: string; schoolYear?: string; onFile?: (name: string) => unknown }): Promise<ExportSummary> {
  const year = await schoolYearNamed(db, options.districtId, options.schoolYear ?? null);
  if (!year) throw new Error(options.schoolYear ? `no school year ${options.schoolYear}` : 'the district has no current school year');
  const zip = new ZipWriter(out);
  const manifest = [
    [...MANIFEST_HEADERS],
    ['manifest.version', ONEROSTER_MANIFEST_VERSION],
    ['oneroster.version', ONEROSTER_VERSION],
    ...ONEROSTER_DATA_FILES.map((file) => [`file.${file}`, (EXPORTED_FILES as readonly string[]).includes(file) ? 'bulk' : 'absent']),
    ['source.systemName', 'Homeroom'],
    ['source.systemCode', 'homeroom'],
  ];
  await zip.entry(MANIFEST_FILE_NAME, (async function* () {
    yield manifest.map((row) => formatCsvRow(row)).join('');
  })());
  const counts: Record<string, number> = {};
  const spoolDirectory = await mkdtemp(path.join(tmpdir(), 'homeroom-oneroster-'));
  try {
    for (const spec of files(year.id)) {
      let count = 0;
      let besideCount = 0;
      const beside = spec.beside ? { ...spec.beside, entry: new SpooledEntry(`${spec.beside.file}.csv`, path.join(spoolDirectory, `${spec.beside.file}.csv.deflated`)) } : null;
      await beside?.entry.write(formatCsvRow(headersOf(beside.file)));
      // One transaction a file, for its cursor; the file's progress is told once it has committed
      // (the embedded database's one connection is free again for the job's progress row).
      await db.transaction().execute((trx) =>
        zip.entry(`${spec.file}.csv`, (async function* () {
          yield formatCsvRow(headersOf(spec.file));
          for await (const rows of rosterBatches(trx, spec.source, spec.columns, options.districtId, options.today, spec.within, BATCH)) {
            const [text, lines] = formatRows(rows, spec.rows);
            count += lines;
            if (beside) {
              const [besideText, besideLines] = formatRows(rows, beside.rows);
              besideCount += besideLines;
              await beside.entry.write(besideText);
            }
            yield text;
          }
        })()),
      );
      counts[`${spec.file}.csv`] = count;
      await options.onFile?.(`${spec.file}.csv`);
      if (beside) {
        await zip.spooled(beside.entry);
        counts[`${beside.file}.csv`] = besideCount;
        await options.onFile?.(`${beside.file}.csv`);
      }
    }
  } finally {
    await rm(spoolDirectory, { recursive: true, force: true });
  }
  // What OneRoster does not carry of a course (credits, a–g, honors, subject), in the Homeroom file
  // the district import reads beside it: imported elsewhere, the catalog is whole again.
  let courses = 0;
  await db.transaction().execute((trx) => zip.entry(HOMEROOM_COURSES_FILE, (async function* () {
    yield formatCsvRow(HOMEROOM_COURSES_HEADERS);
    for await (const rows of rosterBatches(trx, COURSES, HOMEROOM_COURSE_COLUMNS, options.districtId, options.today, null, BATCH)) {
      courses += rows.length;
      yield rows
        .map((r) => formatCsvRow([text(r.sourcedId), trimDecimal(text(r._credits)), r._termLength === 'year' ? 'year' : 'sem', text(r._ag), text(r._honors), r._ucHonors ? 'true' : 'false', text(r._subject), ((r._tags as string[] | null) ?? []).join(';'), text(r._language)]))
        .join('');
    }
  })()));
  counts[HOMEROOM_COURSES_FILE] = courses;
  await zip.finish();
  await options.onFile?.(HOMEROOM_COURSES_FILE);
  return { schoolYear: year.name, files: counts };
}
