// The district import on PostgreSQL: a OneRoster 1.2 package (plus Homeroom's files) written from
// a seeded synthetic district, imported into an empty database, then imported again (every count
// must be `unchanged`). Until `homeroom export oneroster` lands, the package is written here from
// the seeded tables.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatCsv, headersOf, ONEROSTER_DATA_FILES, type OneRosterDataFile } from '../packages/core/src/formats/oneroster/csv-binding.ts';
import { HOMEROOM_COURSES_HEADERS } from '../packages/core/src/formats/oneroster/district-package.ts';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrator.ts';
import type { Database } from '../packages/server/src/db/schema.ts';
import { seedDistrict } from '../packages/server/src/db/seed/index.ts';
import { importDistrict } from '../packages/server/src/modules/district-import/import-district.ts';
import { readDistrictPackage } from '../packages/server/src/modules/district-import/read-package.ts';
import { freshDatabase, dropDatabase, peakRssMiB, round, type BenchCase, type Benchmark } from './lib.ts';

type Row = Record<string, string>;
const table = (headers: readonly string[], rows: Row[]) => formatCsv([headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))]);

/** Writes the seeded district's current school year as a bulk package into `dir`. */
async function writePackage(db: Kysely<Database>, dir: string): Promise<{ students: number; marks: number }> {
  const q = async <T>(text: ReturnType<typeof sql>) => (await (text as ReturnType<typeof sql<T>>).execute(db)).rows as T[];
  const [district] = await q<{ code: string; name: string }>(sql`select code, name from district limit 1`);
  const [year] = await q<{ id: number; name: string; start_date: string; end_date: string }>(sql`select id, name, start_date::text, end_date::text from school_year where is_current`);
  const ending = String(Number(year!.name.slice(0, 4)) + 1);
  const files = new Map<OneRosterDataFile, Row[]>();
  const schools = await q<{ id: number; code: string; name: string }>(sql`select id, code, name from school order by id`);
  files.set('orgs', [{ sourcedId: `D-${district!.code}`, name: district!.name, type: 'district', identifier: district!.code },
    ...schools.map((s) => ({ sourcedId: `SCH-${s.code}`, name: s.name, type: 'school', identifier: s.code, parentSourcedId: `D-${district!.code}` }))]);
  const terms = await q<{ id: number; code: string; name: string; start_date: string; end_date: string }>(sql`select id, code, name, start_date::text, end_date::text from term where school_year_id = ${year!.id} and code <> 'SU' order by start_date`);
  files.set('academicSessions', [{ sourcedId: `Y-${year!.name}`, title: year!.name, type: 'schoolYear', startDate: year!.start_date, endDate: year!.end_date, schoolYear: ending },
    ...terms.map((t) => ({ sourcedId: `TERM-${t.id}`, title: t.name, type: 'semester', startDate: t.start_date, endDate: t.end_date, parentSourcedId: `Y-${year!.name}`, schoolYear: ending }))]);
  const courses = await q<Row & { code: string }>(sql`select code, title, credits::text, term_length, coalesce(ag_area, '') as ag, honors, uc_honors::text as "ucHonors", coalesce(subject, '') as subject, array_to_string(graduation_tags, ';') as tags, coalesce(language, '') as language from course order by code`);
  files.set('courses', courses.map((c) => ({ sourcedId: `C-${c.code}`, title: c.title!, courseCode: c.code, orgSourcedId: `D-${district!.code}` })));
  const homeroomCourses = courses.map((c) => ({ courseSourcedId: `C-${c.code}`, credits: c.credits!, term: c.term_length === 'year' ? 'year' : 'sem', ag: c.ag!, honors: c.honors === 'college' ? 'none' : c.honors!, ucHonors: c.ucHonors!, subject: c.subject!, tags: c.tags!, language: c.language! }));
  const sections = await q<{ id: number; code: string; school: string; course: string; terms: string; periods: string }>(sql`
    select s.id, s.code, sc.code as school, c.code as course,
      (select string_agg(distinct 'TERM-' || m.term_id, ',') from section_meeting m join term t on t.id = m.term_id and t.code <> 'SU' where m.section_id = s.id) as terms,
      (select string_agg(distinct p.code, ',') from section_meeting m join period p on p.id = m.period_id where m.section_id = s.id) as periods
    from section s join school sc on sc.id = s.school_id join course c on c.id = s.course_id where s.school_year_id = ${year!.id}`);
  const placed = sections.filter((s) => s.terms);
  files.set('classes', placed.map((s) => ({ sourcedId: `K-${s.id}`, title: s.code, courseSourcedId: `C-${s.course}`, classCode: s.code, classType: 'scheduled', schoolSourcedId: `SCH-${s.school}`, termSourcedIds: s.terms, periods: s.periods ?? '' })));
  const students = await q<{ id: number; local_id: string; first_name: string; last_name: string; birth_date: string; gender: string; grade: number; school: string }>(sql`
    select distinct on (st.id) st.id, st.local_id, st.first_name, st.last_name, st.birth_date::text, st.gender, e.grade_level as grade, sc.code as school
    from student st join enrollment e on e.student_id = st.id and e.school_year_id = ${year!.id} and e.exit_date is null join school sc on sc.id = e.school_id order by st.id, e.entry_date desc`);
  const studentIds = new Set(students.map((s) => s.id));
  const links = (await q<{ student_id: number; guardian_id: number }>(sql`select student_id, guardian_id from student_guardian`)).filter((l) => studentIds.has(l.student_id));
  const guardianIds = new Set(links.map((l) => l.guardian_id));
  const guardians = (await q<{ id: number; first_name: string; last_name: string; email: string | null }>(sql`select id, first_name, last_name, email from guardian`)).filter((g) => guardianIds.has(g.id));
  const staff = await q<{ id: number; local_id: string; first_name: string; last_name: string; email: string | null; school: string | null }>(sql`
    select st.id, st.local_id, st.first_name, st.last_name, st.email,
      (select sc.code from staff_assignment a join school sc on sc.id = a.school_id where a.staff_id = st.id and a.school_year_id = ${year!.id} order by a.id limit 1) as school
    from staff st`);
  const gradeText = (g: number) => (g === 0 ? 'KG' : g < 0 ? 'TK' : String(g).padStart(2, '0'));
  const agentsOf = new Map<string, string[]>();
  for (const l of links) agentsOf.set(`S-${l.student_id}`, [...(agentsOf.get(`S-${l.student_id}`) ?? []), `G-${l.guardian_id}`]);
  const studentKey = new Map(students.map((s) => [s.id, `S-${s.local_id}`]));
  files.set('users', [
    ...students.map((s) => ({ sourcedId: `S-${s.local_id}`, enabledUser: 'true', givenName: s.first_name, familyName: s.last_name, identifier: s.local_id, grades: gradeText(s.grade), agentSourcedIds: (agentsOf.get(`S-${s.id}`) ?? []).join(',') })),
    ...staff.map((s) => ({ sourcedId: `T-${s.local_id}`, enabledUser: 'true', givenName: s.first_name, familyName: s.last_name, identifier: s.local_id, email: s.email ?? '' })),
    ...guardians.map((g) => ({ sourcedId: `G-${g.id}`, enabledUser: 'true', givenName: g.first_name, familyName: g.last_name, email: g.email ?? '' })),
  ]);
  files.set('roles', [
    ...students.map((s) => ({ sourcedId: `R-S-${s.local_id}`, userSourcedId: `S-${s.local_id}`, roleType: 'primary', role: 'student', orgSourcedId: `SCH-${s.school}` })),
    ...staff.map((s) => ({ sourcedId: `R-T-${s.local_id}`, userSourcedId: `T-${s.local_id}`, roleType: 'primary', role: 'teacher', orgSourcedId: s.school ? `SCH-${s.school}` : `D-${district!.code}` })),
    ...guardians.map((g) => ({ sourcedId: `R-G-${g.id}`, userSourcedId: `G-${g.id}`, roleType: 'primary', role: 'guardian', orgSourcedId: `D-${district!.code}` })),
  ]);
  const placedIds = new Set(placed.map((s) => s.id));
  const schoolOf = new Map(placed.map((s) => [s.id, s.school]));
  const staffKey = new Map(staff.map((s) => [s.id, `T-${s.local_id}`]));
  const rosters = (await q<{ id: number; section_id: number; student_id: number }>(sql`select r.id, r.section_id, r.student_id from section_roster r join section s on s.id = r.section_id and s.school_year_id = ${year!.id} where r.end_date is null`))
    .filter((r) => placedIds.has(r.section_id) && studentIds.has(r.student_id));
  const teachers = (await q<{ section_id: number; staff_id: number; role: string }>(sql`select t.section_id, t.staff_id, t.role from section_teacher t join section s on s.id = t.section_id and s.school_year_id = ${year!.id} where t.end_date is null`))
    .filter((t) => placedIds.has(t.section_id));
  files.set('enrollments', [
    ...rosters.map((r) => ({ sourcedId: `E-${r.id}`, classSourcedId: `K-${r.section_id}`, schoolSourcedId: `SCH-${schoolOf.get(r.section_id)}`, userSourcedId: studentKey.get(r.student_id)!, role: 'student' })),
    ...teachers.map((t) => ({ sourcedId: `ET-${t.section_id}-${t.staff_id}`, classSourcedId: `K-${t.section_id}`, schoolSourcedId: `SCH-${schoolOf.get(t.section_id)}`, userSourcedId: staffKey.get(t.staff_id)!, role: 'teacher', primary: t.role === 'primary' ? 'true' : 'false' })),
  ]);
  files.set('demographics', students.map((s) => ({ sourcedId: `S-${s.local_id}`, birthDate: s.birth_date, sex: s.gender === 'F' ? 'female' : s.gender === 'M' ? 'male' : 'unspecified' })));

  const manifest: string[][] = [['propertyName', 'value'], ['manifest.version', '1.0'], ['oneroster.version', '1.2']];
  for (const name of ONEROSTER_DATA_FILES) manifest.push([`file.${name}`, files.has(name) ? 'bulk' : 'absent']);
  writeFileSync(path.join(dir, 'manifest.csv'), formatCsv(manifest));
  for (const [name, rows] of files) writeFileSync(path.join(dir, `${name}.csv`), table(headersOf(name), rows));
  writeFileSync(path.join(dir, 'homeroom-courses.csv'), table(HOMEROOM_COURSES_HEADERS, homeroomCourses));

  // Transcripts of secondary students, one line each.
  const gradeOf = new Map(students.map((s) => [s.id, s.grade]));
  const entries = await q<{ student_id: number; course_code: string; course_title: string; grade_level: number; school_year: string; term: string; mark: string; credits: string; ag_area: string | null; honors: string; uc_honors: boolean; subject: string | null; graduation_tags: string[]; language: string | null; repeats_course_code: string | null }>(sql`
    select e.student_id, e.course_code, e.course_title, e.grade_level, e.school_year, e.term, e.mark, e.credits::text, e.ag_area, e.honors, e.uc_honors, e.subject, e.graduation_tags, e.language, e.repeats_course_code
    from transcript_entry e where not exists (select 1 from transcript_entry c where c.supersedes_id = e.id) order by e.student_id, e.school_year, e.term, e.sequence, e.id`);
  const lines: string[] = [];
  let marks = 0;
  let current: number | null = null;
  let list: unknown[] = [];
  const flush = () => {
    const grade = current === null ? undefined : gradeOf.get(current);
    if (current !== null && grade !== undefined && grade >= 6) {
      lines.push(JSON.stringify({ format: 'homeroom.transcript/v1', student: { id: studentKey.get(current)!, gradeLevel: grade }, marks: list }));
      marks += list.length;
    }
    list = [];
  };
  for (const e of entries) {
    if (e.student_id !== current) {
      flush();
      current = e.student_id;
    }
    list.push({ course: e.course_code, title: e.course_title, repeats: e.repeats_course_code, gradeLevel: e.grade_level, schoolYear: e.school_year, term: e.term, mark: e.mark, credits: Number(e.credits), ag: e.ag_area, honors: e.honors, ucHonors: e.uc_honors, subject: e.subject, tags: e.graduation_tags, language: e.language });
  }
  flush();
  writeFileSync(path.join(dir, 'homeroom-transcripts.jsonl'), lines.join('\n') + '\n');
  return { students: students.length, marks };
}

export const benchmark: Benchmark = {
  name: 'district-import',
  description: 'OneRoster district import of a seeded district into an empty PostgreSQL database, then again (full: 100k students; quick: 2k)',
  needsPostgres: true,
  async run({ quick, log }) {
    const url = process.env.DATABASE_URL!;
    const sizes = quick ? [2_000] : [100_000];
    const results: BenchCase[] = [];
    for (const size of sizes) {
      const source = `import_bench_src_${process.pid}`;
      const target = `import_bench_dst_${process.pid}`;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-import-bench-'));
      const urlOf = (name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
      for (const name of [source, target]) await freshDatabase(url, name);
      try {
        const src = await openDatabase({ kind: 'postgres', url: urlOf(source) }, { poolSize: 4 });
        let written: { students: number; marks: number };
        try {
          await migrate(src.db);
          log(`seeding ${size.toLocaleString('en-US')} students…`);
          await seedDistrict(src.db, { seed: 1, students: size });
          log('writing the package…');
          written = await writePackage(src.db, dir);
        } finally {
          await src.close();
        }
        const dst = await openDatabase({ kind: 'postgres', url: urlOf(target) }, { poolSize: 4 });
        try {
          await migrate(dst.db);
          const pkg = await readDistrictPackage(dir);
          log(`importing ${written.students.toLocaleString('en-US')} students, ${written.marks.toLocaleString('en-US')} marks…`);
          let started = performance.now();
          const first = await importDistrict(dst.db, { files: pkg.files, readProblems: pkg.problems, dryRun: false, onProgress: (step) => log(`${round((performance.now() - started) / 1000, 1)} s: ${step}`) });
          const seconds = (performance.now() - started) / 1000;
          if (first.status !== 'imported') throw new Error(`the package was refused: ${JSON.stringify(first.problems.slice(0, 5))}`);
          log('importing the same package again…');
          started = performance.now();
          const second = await importDistrict(dst.db, { files: pkg.files, readProblems: [], dryRun: false });
          const secondSeconds = (performance.now() - started) / 1000;
          const allUnchanged = Object.values(second.counts).every((c) => c.unchanged === c.rows && c.created + c.updated + c.ended === 0);
          const rows = Object.values(first.counts).reduce((n, c) => n + c.rows, 0);
          results.push({
            case: `district-import-${size / 1000}k-students`,
            params: { seededStudents: size, files: Object.keys(first.package.files).length, rows },
            metrics: { seconds: round(seconds, 2), secondSeconds: round(secondSeconds, 2), students: written.students, marks: written.marks, rowsPerSecond: Math.round(rows / seconds), secondAllUnchanged: allUnchanged, peakRssMiB: peakRssMiB() },
            baseline: null,
          });
          log(`${size}: ${round(seconds, 1)} s, again ${round(secondSeconds, 1)} s, unchanged: ${allUnchanged}`);
        } finally {
          await dst.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        for (const name of [source, target]) await dropDatabase(url, name);
      }
    }
    return results;
  },
};
