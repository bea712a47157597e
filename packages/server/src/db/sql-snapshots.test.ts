import { describe, expect, it } from 'vitest';
import { sqlSnapshotCases } from './sql-snapshot-cases.ts';
import { committedSqlSnapshots, recordingDatabase, renderSqlSnapshots } from './sql-snapshots.ts';

describe('SQL snapshots', () => {
  it('the committed SQL of the hot and sensitive queries is what the code sends (npm run sql rewrites it)', async () => {
    const rendered = await renderSqlSnapshots(sqlSnapshotCases);
    const committed = committedSqlSnapshots();
    expect([...committed.keys()].sort(), 'a snapshot file without a case, or a case without its file').toEqual([...rendered.keys()].sort());
    for (const [file, text] of rendered) expect(committed.get(file), `src/queries/${file}.sql differs from the code's SQL: run npm run sql and review the change`).toBe(text);
  });

  it('covers who is asking, whom each role may see, the morning save, the figures and the audit trail', () => {
    const files = new Set(sqlSnapshotCases.map((c) => c.file));
    for (const file of ['sessions', 'student-scope', 'audit', 'attendance.repository', 'attendance-marks.repository', 'transcripts.repository', 'audit-trail.repository']) expect(files).toContain(file);
    expect(sqlSnapshotCases.filter((c) => c.file === 'student-scope').length).toBeGreaterThanOrEqual(8);
  });

  it('records statements without a database, in the order they were sent', async () => {
    const { db, sent } = recordingDatabase();
    await db.selectFrom('student').select('id').where('id', '=', 1).execute();
    await db.selectFrom('school').select('name').execute();
    expect(sent.map((q) => q.sql)).toEqual(['select "id" from "student" where "id" = $1', 'select "name" from "school"']);
    expect(sent[0]!.parameters).toEqual([1]);
  });
});
