// The district-import benchmark's package, made the way a district switching from Homeroom to
// Homeroom would make it: `homeroom export oneroster` of the seeded district (its manifest, the eight
// OneRoster files and homeroom-courses.csv), with homeroom-transcripts.jsonl beside them, in one zip.
// Everything is streamed: the export's entries are copied through as they inflate, and the
// transcripts come from a cursor, one student's line at a time.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import yauzl from 'yauzl';
import { HOMEROOM_TRANSCRIPTS_FILE } from '../packages/core/src/formats/oneroster/district-package.ts';
import type { Database } from '../packages/server/src/db/schema.ts';
import { exportOneRoster } from '../packages/server/src/modules/oneroster/export-oneroster.ts';
import { ZipWriter } from '../packages/server/src/modules/oneroster/zip-writer.ts';

export interface BenchPackage {
  file: string;
  bytes: number;
  /** Data rows of each file, as the export and the transcripts wrote them. */
  files: Record<string, number>;
  students: number;
  marks: number;
}

/** The entries of a zip, each handed over as decoded text pieces while it inflates. */
async function eachEntry(file: string, onEntry: (name: string, pieces: AsyncIterable<string>) => Promise<void>): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e || !z ? reject(e ?? new Error('no zip')) : resolve(z))));
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return reject(e ?? new Error('no stream'));
        const decoder = new TextDecoder();
        const pieces = (async function* () {
          for await (const chunk of stream as AsyncIterable<Buffer>) yield decoder.decode(chunk, { stream: true });
          yield decoder.decode();
        })();
        onEntry(entry.fileName, pieces).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
}

interface MarkRow {
  student: string;
  grade: number;
  course_code: string; course_title: string; grade_level: number; school_year: string; term: string; mark: string; credits: string;
  ag_area: string | null; honors: string; uc_honors: boolean; subject: string | null; graduation_tags: string[]; language: string | null; repeats_course_code: string | null;
}

/**
 * One `homeroom.transcript/v1` line per secondary student (grade 6 and up in the current year),
 * with the marks in force (not superseded), read through a cursor.
 */
async function* transcriptLines(trx: Transaction<Database>, districtId: number, counted: { students: number; marks: number }): AsyncGenerator<string> {
  // A cursor's plan is made for its first rows (nested loops, a lookup per mark) unless told that
  // every row will be read.
  await sql`set local cursor_tuple_fraction = 1`.execute(trx);
  await sql`declare bench_marks no scroll cursor for
    with grade as (
      select distinct on (n.student_id) n.student_id, n.grade_level from enrollment n join school_year y on y.id = n.school_year_id and y.is_current
      where n.district_id = ${districtId} and n.exit_date is null order by n.student_id, n.entry_date desc)
    select 'stu-' || e.student_id as student, g.grade_level as grade, e.course_code, e.course_title, e.grade_level, e.school_year, e.term, e.mark, e.credits::text,
      e.ag_area, e.honors, e.uc_honors, e.subject, e.graduation_tags, e.language, e.repeats_course_code
    from transcript_entry e join grade g on g.student_id = e.student_id and g.grade_level >= 6
    where e.district_id = ${districtId} and not exists (select 1 from transcript_entry c where c.supersedes_id = e.id)
    order by e.student_id, e.school_year, e.term, e.sequence, e.id`.execute(trx);
  let current: string | null = null;
  let grade = 0;
  let marks: unknown[] = [];
  const line = () => {
    counted.students++;
    counted.marks += marks.length;
    return `${JSON.stringify({ format: 'homeroom.transcript/v1', student: { id: current, gradeLevel: grade }, marks })}\n`;
  };
  for (;;) {
    const { rows } = await sql<MarkRow>`fetch forward 5000 from bench_marks`.execute(trx);
    let text = '';
    for (const e of rows) {
      if (e.student !== current) {
        if (current !== null) text += line();
        current = e.student;
        grade = e.grade;
        marks = [];
      }
      marks.push({ course: e.course_code, title: e.course_title, repeats: e.repeats_course_code, gradeLevel: e.grade_level, schoolYear: e.school_year, term: e.term, mark: e.mark, credits: Number(e.credits), ag: e.ag_area, honors: e.honors, ucHonors: e.uc_honors, subject: e.subject, tags: e.graduation_tags, language: e.language });
    }
    if (rows.length < 5000) {
      if (current !== null) text += line();
      if (text) yield text;
      break;
    }
    if (text) yield text;
  }
  await sql`close bench_marks`.execute(trx);
}

/** Writes the package of the seeded district `districtId` to `file`. */
export async function writeBenchPackage(db: Kysely<Database>, districtId: number, today: string, file: string): Promise<BenchPackage> {
  const scratch = await mkdtemp(path.join(path.dirname(file), 'export-'));
  try {
    const exported = path.join(scratch, 'export.zip');
    const exportOut = createWriteStream(exported);
    const summary = await exportOneRoster(db, exportOut, { districtId, today });
    exportOut.end();
    await finished(exportOut);

    const out = createWriteStream(file);
    const zip = new ZipWriter(out);
    await eachEntry(exported, (name, pieces) => zip.entry(name, pieces));
    const counted = { students: 0, marks: 0 };
    await db.transaction().execute((trx) => zip.entry(HOMEROOM_TRANSCRIPTS_FILE, transcriptLines(trx, districtId, counted)));
    await zip.finish();
    out.end();
    await finished(out);
    const students = Number((await sql<{ n: string }>`select count(*) as n from student where district_id = ${districtId}`.execute(db)).rows[0]!.n);
    return { file, bytes: (await stat(file)).size, files: { ...summary.files, [HOMEROOM_TRANSCRIPTS_FILE]: counted.students }, students, marks: counted.marks };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
