// `homeroom readiness` on the database the command is configured with: PostgreSQL when
// DATABASE_URL is set, else an embedded one in a temporary folder.
import { beforeAll, describe, expect, it } from 'vitest';
import { putRightAndRecordEvidence, READINESS_DAY, seniorInPassedCourse } from '../testing/readiness-district.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { databaseForCommands, withCommandDatabase } from './cli-test-helpers.ts';
import { runCommand } from './testing.ts';

describe(`homeroom readiness (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  databaseForCommands('homeroom-readiness-');
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  const withDatabase = withCommandDatabase;

  beforeAll(async () => {
    world = await withDatabase((db) => createSmallDistrict(db));
  });
  it('says what is wrong with its use (exit 2)', async () => {
    expect((await runCommand(['readiness', '--date', '2026-02-30'])).code).toBe(2);
    expect((await runCommand(['readiness', '--school', 'north'])).code).toBe(2);
    expect((await runCommand(['readiness', 'now'])).code).toBe(2);
  });

  it('prints No-Go naming the senior in a course she passed; exit 0 whatever the verdict', async () => {
    await withDatabase((db) => seniorInPassedCourse(db, world));
    const run = await runCommand(['readiness', '--json', '--date', READINESS_DAY]);
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out);
    expect(report).toMatchObject({ format: 'homeroom.readiness/v1', verdict: 'no-go', date: READINESS_DAY });
    const passed = report.checks.find((c: { id: string }) => c.id === 'passed-courses-scheduled');
    expect(passed).toMatchObject({ required: true, status: 'fail', figure: 1, threshold: 0, evidenceCount: 1 });
    // The file format names records by their local ids and codes only.
    expect(passed.evidence[0]).toEqual({ school: 'North High', student: '1003', section: 'ENG10-01', detail: expect.stringContaining('already passed') });
    const table = await runCommand(['readiness', '--date', READINESS_DAY]);
    expect(table.out).toContain('NO-GO');
    expect(table.out).toMatch(/North High · student 1003 · section ENG10-01/);
  });

  it('prints Go for one school once nothing is wrong and the evidence is recorded', async () => {
    await withDatabase((db) => putRightAndRecordEvidence(db, world));
    const run = await runCommand(['readiness', '--json', '--date', READINESS_DAY, '--school', String(world.schools.north)]);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out).verdict).toBe('go');
    const runs = await withDatabase((db) => db.selectFrom('readiness_run').select(['school_id', 'verdict']).orderBy('id').execute());
    expect(runs.map((r) => r.verdict)).toEqual(['no-go', 'no-go', 'go']);
    expect(runs.at(-1)!.school_id).toBe(world.schools.north);
  });

  it("takes the district's own bar: a higher expected peak makes the recorded load test too small, so No-Go", async () => {
    expect((await runCommand(['readiness', 'set', '--threshold', 'no-such-check=1'])).code).toBe(2);
    expect((await runCommand(['readiness', 'set'])).code).toBe(2);
    const set = await runCommand(['readiness', 'set', '--expected-peak', '25', '--threshold', 'sections-over-capacity=2', '--advisory', 'gpa-reconciliation']);
    expect(set.code, set.err).toBe(0);
    expect(JSON.parse(set.out).expectedPeakSavesPerSecond).toBe(25);
    const report = JSON.parse((await runCommand(['readiness', '--json', '--date', READINESS_DAY])).out);
    const check = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
    expect(check('load-test')).toMatchObject({ threshold: 250, figure: 212, status: 'fail' });
    expect(check('sections-over-capacity')).toMatchObject({ threshold: 2, required: true });
    expect(check('gpa-reconciliation').required).toBe(false);
    expect(report.verdict).toBe('no-go');
  });
});
