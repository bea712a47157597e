import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '../connection.ts';
import { migrate } from '../migrator.ts';
import type { Database } from '../schema.ts';
import { districtContext } from './district.ts';
import { planDistrict } from './plan.ts';
import { generateSchool } from './school.ts';
import { findDistrict } from '../../modules/district/district.repository.ts';
import { DistrictExistsError, interruptedLoads, LoadRunningError, removeDistrict, seedDistrict, whileLoading, type SeedSummary } from './index.ts';

// The generator runs on every database Homeroom supports: embedded PGlite always, PostgreSQL too
// when DATABASE_URL is set (in a database made for this test and dropped after it).
const targets: Array<[string, () => Promise<{ target: DatabaseTarget; drop: () => Promise<void> }>]> = [
  ['embedded', async () => ({ target: { kind: 'embedded', dataDir: null }, drop: async () => undefined })],
];
if (process.env.DATABASE_URL) {
  const admin = process.env.DATABASE_URL;
  targets.push([
    'postgres',
    async () => {
      const name = `seed_test_${process.pid}_${Date.now() % 100000}`;
      const run = async (text: string) => {
        const client = new pg.Client({ connectionString: admin });
        await client.connect();
        try {
          await client.query(text);
        } finally {
          await client.end();
        }
      };
      await run(`create database ${name}`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return { target: { kind: 'postgres', url: url.toString() }, drop: () => run(`drop database if exists ${name} with (force)`) };
    },
  ]);
}

const STUDENTS = 600;
const fingerprints = new Map<string, string>();

async function fingerprint(db: Kysely<Database>, districtId: number): Promise<string> {
  const { rows } = await sql<{ f: string }>`
    select concat_ws('|',
      (select md5(string_agg(concat_ws(',', local_id, state_id, first_name, last_name, birth_date, el_status, iep), ';' order by local_id)) from student where district_id = ${districtId}),
      (select md5(string_agg(concat_ws(',', s.local_id, t.course_code, t.school_year, t.term, t.sequence, t.mark, t.source), ';' order by s.local_id, t.school_year, t.term, t.sequence))
         from transcript_entry t join student s on s.district_id = t.district_id and s.id = t.student_id where t.district_id = ${districtId}),
      (select md5(string_agg(concat_ws(',', sc.code, se.code, se.capacity, (select count(*) from section_roster r where r.district_id = se.district_id and r.section_id = se.id)), ';' order by sc.code, se.code))
         from section se join school sc on sc.district_id = se.district_id and sc.id = se.school_id where se.district_id = ${districtId}),
      (select count(*) from enrollment where district_id = ${districtId}),
      (select count(*) from course_request where district_id = ${districtId})
    ) as f`.execute(db);
  return rows[0]!.f;
}

describe('the generator', () => {
  it('draws another district from another seed, and the same from the same', () => {
    const digest = (seed: number) => {
      const plan = planDistrict(seed, STUDENTS, 6);
      const ctx = districtContext(seed, 1, 'X', plan, new Map());
      const rows = generateSchool(ctx, plan.schools[0]!, { demo: true });
      return createHash('sha256').update(JSON.stringify([...rows.columns])).digest('hex');
    };
    expect(digest(7)).toBe(digest(7));
    expect(digest(8)).not.toBe(digest(7));
  });
});

describe.each(targets)('seedDistrict on %s', (kind, open) => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  let summary: SeedSummary;
  let db: Kysely<Database>;
  let d: number;
  const one = async <T,>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;

  beforeAll(async () => {
    const made = await open();
    drop = made.drop;
    handle = await openDatabase(made.target, { poolSize: 4 });
    db = handle.db;
    await migrate(db as unknown as Kysely<unknown>);
    // The database checks every reference of this one; the copies below load the fast way.
    summary = await seedDistrict(db, { seed: 7, students: STUDENTS, schools: 6, districtCode: 'T1', checkForeignKeys: true });
    d = summary.districtId;
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('makes the district it was asked for', () => {
    expect(summary.students).toBe(STUDENTS);
    expect(summary.schools).toBe(6);
    expect(summary.marks).toBeGreaterThan(STUDENTS);
    expect(summary.rows).toBe(Object.values(summary.tables).reduce((a, b) => a + b, 0));
  });

  it('gives the same district for the same seed', async () => {
    const again = await seedDistrict(db, { seed: 7, students: STUDENTS, schools: 6, districtCode: 'T2' });
    const first = await fingerprint(db, d);
    expect(await fingerprint(db, again.districtId)).toBe(first);
    expect(again.tables).toEqual(summary.tables);
    fingerprints.set(kind, first);
    // Embedded and PostgreSQL hold the same district.
    if (fingerprints.size > 1) expect(new Set(fingerprints.values()).size).toBe(1);
    await removeDistrict(db, again.districtId);
    const left = await one(sql<{ n: number }>`select ((select count(*) from student where district_id = ${again.districtId}) + (select count(*) from district where id = ${again.districtId}))::int as n`);
    expect(left.n).toBe(0);
  });

  it('counts a district as loaded only once its last school and its after-load work are in', async () => {
    let during: { loading: boolean; found: unknown } | undefined;
    const loaded = await seedDistrict(db, {
      seed: 7, students: STUDENTS, schools: 6, districtCode: 'T3',
      afterLoad: async () => {
        const row = await db.selectFrom('district').select('loading').where('code', '=', 'T3').executeTakeFirstOrThrow();
        during = { loading: row.loading, found: await findDistrict(db, 'T3') };
      },
    });
    expect(during).toEqual({ loading: true, found: undefined });
    expect(await findDistrict(db, 'T3')).toMatchObject({ id: loaded.districtId });
    await removeDistrict(db, loaded.districtId);
  });

  it('knows a load that was stopped half-way, serves nothing of it, and loads it again from the start', async () => {
    // What a load killed before its end leaves: the rows written so far, the district still loading.
    const stopped = await seedDistrict(db, { seed: 7, students: STUDENTS, schools: 6, districtCode: 'T4' });
    await db.updateTable('district').set({ loading: true }).where('id', '=', stopped.districtId).execute();
    expect(await findDistrict(db, 'T4')).toBeUndefined();
    expect(await interruptedLoads(db)).toEqual([{ id: stopped.districtId, code: 'T4', schools: 6, students: STUDENTS }]);

    await expect(seedDistrict(db, { seed: 7, students: STUDENTS, schools: 6, districtCode: 'T4' })).rejects.toThrow(/T4 was left half-loaded/);
    const again = await seedDistrict(db, { seed: 7, students: STUDENTS, schools: 6, districtCode: 'T4', startOver: true });
    expect(again.districtId).not.toBe(stopped.districtId);
    expect(await interruptedLoads(db)).toEqual([]);
    expect(await fingerprint(db, again.districtId)).toBe(await fingerprint(db, d));
    const left = await one(sql<{ n: number }>`select ((select count(*) from student where district_id = ${stopped.districtId}) + (select count(*) from district where id = ${stopped.districtId}))::int as n`);
    expect(left.n).toBe(0);
    await removeDistrict(db, again.districtId);
  });

  it.runIf(kind === 'postgres')('lets one process at a time load, so that a load in progress is never taken for a stopped one', async () => {
    const inner = whileLoading(handle, () => whileLoading(handle, async () => 'both')).catch((error: unknown) => error);
    expect(await inner).toBeInstanceOf(LoadRunningError);
    // Released with its session: the next load goes ahead.
    expect(await whileLoading(handle, async () => 'alone')).toBe('alone');
  });

  it('refuses a district code that exists', async () => {
    await expect(seedDistrict(db, { seed: 7, students: STUDENTS, districtCode: 'T1' })).rejects.toBeInstanceOf(DistrictExistsError);
  });

  it('enrolls every student, with history for prior years and transcripts from grade 10', async () => {
    const unenrolled = await one(sql<{ n: number }>`select count(*)::int as n from student s where s.district_id = ${d}
      and not exists (select 1 from enrollment e where e.district_id = s.district_id and e.student_id = s.id and e.exit_date is null)`);
    expect(unenrolled.n).toBe(0);
    const withoutTranscript = await one(sql<{ n: number; total: number }>`
      select count(*) filter (where not exists (select 1 from transcript_entry t where t.district_id = e.district_id and t.student_id = e.student_id))::int as n, count(*)::int as total
      from enrollment e where e.district_id = ${d} and e.exit_date is null and e.grade_level >= 10`);
    expect(withoutTranscript.total).toBeGreaterThan(0);
    expect(withoutTranscript.n).toBe(0);
    // Every year since grade 9 is on the transcript, from this district or from outside it.
    const missingYears = await one(sql<{ n: number }>`select count(*)::int as n from enrollment e
      join school_year y on y.district_id = e.district_id and y.id = e.school_year_id and y.is_current
      where e.district_id = ${d} and e.exit_date is null and e.grade_level >= 10
        and (select count(distinct t.school_year) from transcript_entry t where t.district_id = e.district_id and t.student_id = e.student_id
             and t.grade_level >= 9 and t.term in ('S1', 'S2')) < e.grade_level - 9`);
    expect(missingYears.n).toBe(0);
    const history = await one(sql<{ n: number }>`select count(distinct student_id)::int as n from enrollment where district_id = ${d} and exit_code = 'E230'`);
    expect(history.n).toBeGreaterThan(STUDENTS / 2);
    const repeats = await one(sql<{ summer: number; recovery: number; transfer: number; outside: number }>`select
      count(*) filter (where term = 'SU')::int as summer, count(*) filter (where repeats_course_code is not null)::int as recovery,
      count(*) filter (where source = 'transfer')::int as transfer, count(*) filter (where source = 'transfer' and school_id is null)::int as outside
      from transcript_entry where district_id = ${d}`);
    expect(repeats.summer).toBeGreaterThan(0);
    expect(repeats.transfer).toBe(repeats.outside);
  });

  it('records a transfer as two enrollments of one student', async () => {
    const transfer = await one(sql<{ student_id: number; rows: number; schools: number; students: number }>`
      select e.student_id, count(*)::int as rows, count(distinct e.school_id)::int as schools,
        (select count(*)::int from student s where s.district_id = e.district_id and s.id = e.student_id) as students
      from enrollment e join school_year y on y.district_id = e.district_id and y.id = e.school_year_id and y.is_current
      where e.district_id = ${d} group by e.district_id, e.student_id having count(*) = 2 and bool_or(e.exit_code = 'T160') limit 1`);
    expect(transfer).toMatchObject({ rows: 2, schools: 2, students: 1 });
  });

  it('schedules every secondary student without double-booking or overfilling', async () => {
    const rosters = await one(sql<{ none: number; full: number; total: number }>`
      with current as (
        select e.student_id from enrollment e where e.district_id = ${d} and e.exit_date is null and e.grade_level >= 6),
      periods as (
        select r.student_id, count(distinct m.period_id) filter (where t.code = 'S1') as fall
        from section_roster r join section_meeting m on m.district_id = r.district_id and m.section_id = r.section_id
        join term t on t.district_id = m.district_id and t.id = m.term_id
        where r.district_id = ${d} and r.end_date is null group by r.student_id)
      select count(*) filter (where p.student_id is null)::int as none, count(*) filter (where p.fall >= 5)::int as full, count(*)::int as total
      from current c left join periods p on p.student_id = c.student_id`);
    expect(rosters.none).toBe(0);
    expect(rosters.full / rosters.total).toBeGreaterThan(0.9);
    const doubleBooked = await one(sql<{ teachers: number; rooms: number; students: number }>`select
      (select count(*)::int from (select st.staff_id from section_teacher st join section_meeting m on m.district_id = st.district_id and m.section_id = st.section_id
        where st.district_id = ${d} group by st.staff_id, m.term_id, m.period_id having count(*) > 1) x) as teachers,
      (select count(*)::int from (select s.room_id from section s join section_meeting m on m.district_id = s.district_id and m.section_id = s.id
        where s.district_id = ${d} group by s.room_id, m.term_id, m.period_id having count(*) > 1) x) as rooms,
      (select count(*)::int from (select r.student_id from section_roster r join section_meeting m on m.district_id = r.district_id and m.section_id = r.section_id
        where r.district_id = ${d} and r.end_date is null group by r.student_id, m.term_id, m.period_id having count(*) > 1) x) as students`);
    expect(doubleBooked).toEqual({ teachers: 0, rooms: 0, students: 0 });
    const over = await one(sql<{ n: number; max: number }>`select count(*) filter (where n > capacity)::int as n, max(n)::int as max from (
      select s.capacity, (select count(*) from section_roster r where r.district_id = s.district_id and r.section_id = s.id and r.end_date is null) as n
      from section s where s.district_id = ${d}) x`);
    expect(over.n).toBe(0);
    expect(over.max).toBeLessThanOrEqual(34);
    const overloaded = await one(sql<{ n: number }>`select count(*)::int as n from (select st.staff_id from section_teacher st
      join section_meeting m on m.district_id = st.district_id and m.section_id = st.section_id where st.district_id = ${d}
      group by st.staff_id, m.term_id having count(*) > 5) x`);
    expect(overloaded.n).toBe(0);
    const changed = await one(sql<{ n: number }>`select count(*)::int as n from section_roster where district_id = ${d} and end_date is not null and source = 'counselor'`);
    expect(changed.n).toBeGreaterThan(0);
  });

  it('gives the master-schedule builder what it needs: qualified teachers, rooms of the right kind, locks and programs', async () => {
    const found = await one(sql<{ unqualified: number; wrongRoom: number; locked: number; el: number }>`select
      (select count(*)::int from section_teacher st join section s on s.district_id = st.district_id and s.id = st.section_id
        where st.district_id = ${d} and not exists (select 1 from staff_course_qualification q where q.district_id = st.district_id and q.staff_id = st.staff_id and q.course_id = s.course_id)) as unqualified,
      (select count(*)::int from section s join course c on c.district_id = s.district_id and c.id = s.course_id join room r on r.district_id = s.district_id and r.id = s.room_id
        where s.district_id = ${d} and (r.room_type <> c.room_type or r.capacity < s.capacity)) as "wrongRoom",
      (select count(*)::int from section where district_id = ${d} and is_locked) as locked,
      (select count(*)::int from section where district_id = ${d} and program = 'el') as el`);
    expect(found).toMatchObject({ unqualified: 0, wrongRoom: 0 });
    expect(found.locked).toBeGreaterThan(0);
    expect(found.el).toBeGreaterThan(0);
  });

  it('keeps identifiers unique', async () => {
    const ids = await one(sql<{ total: number; state: number; local: number }>`select count(*)::int as total, count(distinct state_id)::int as state, count(distinct local_id)::int as local
      from student where district_id = ${d}`);
    expect(ids.state).toBe(ids.total);
    expect(ids.local).toBe(ids.total);
  });

  it('creates a demo account for every role, tied to real records', async () => {
    const { rows } = await sql<{ username: string; role: string; staff_id: number | null; student_id: number | null; guardian_id: number | null }>`
      select u.username, r.role, u.staff_id, u.student_id, u.guardian_id from app_user u
      join user_role r on r.district_id = u.district_id and r.user_id = u.id where u.district_id = ${d} order by u.username`.execute(db);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian']));
    expect(summary.demoUsers.sort()).toEqual(rows.map((r) => r.username).sort());
    const by = Object.fromEntries(rows.map((r) => [r.username, r]));
    const teacher = await one(sql<{ n: number }>`select count(*)::int as n from section_teacher where district_id = ${d} and staff_id = ${by.teacher!.staff_id}`);
    expect(teacher.n).toBeGreaterThan(0);
    const counselor = await one(sql<{ n: number }>`select count(*)::int as n from counselor_caseload where district_id = ${d} and counselor_id = ${by.counselor!.staff_id}`);
    expect(counselor.n).toBeGreaterThan(0);
    const parent = await one(sql<{ n: number }>`select count(*)::int as n from student_guardian where district_id = ${d}
      and guardian_id = ${by.parent!.guardian_id} and student_id = ${by.student!.student_id} and not access_restricted`);
    expect(parent.n).toBe(1);
  });
});
